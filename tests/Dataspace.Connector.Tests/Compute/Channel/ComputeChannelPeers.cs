using System.Net.Http.Json;
using Dataspace.Connector.Compute;
using Dataspace.Connector.Compute.Channel;
using Dataspace.Connector.Compute.Channel.Grpc;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Tests.Protocol;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Compute.Channel;

/// <summary>Helpers over a <see cref="DcpDataspace"/>: open a task at a connector, dial a connector's channel by hand.</summary>
internal static class ComputeChannelPeers
{
    public static IComputeChannelFactory Factory(TestConnector connector) => connector.App.Services.GetRequiredService<IComputeChannelFactory>();

    public static Task<IComputeTaskChannel> OpenAsync(TestConnector self, string selfDid, string jobId, string taskId, params (string Did, TestConnector Connector)[] peers) =>
        Factory(self).OpenAsync(
            new ComputeChannelRequest(jobId, taskId, selfDid, [.. peers.Select(p => new ComputePeerEndpoint(p.Did, new Uri(p.Connector.Dsp)))]),
            CancellationToken.None);

    /// <summary>The channel address a connector names at its well-known document.</summary>
    public static async Task<Uri> ChannelAddressAsync(TestConnector connector)
    {
        var document = await connector.Http.GetFromJsonAsync<ComputeChannelDiscovery.Document>(connector.BaseAddress + ComputeChannelProtocol.WellKnownPath);
        return new Uri(document!.Channel!);
    }

    /// <summary>Dials <paramref name="target"/> by hand as <paramref name="caller"/> (its real DSP token for <paramref name="targetDid"/>).</summary>
    public static async Task<(GrpcChannel Channel, AsyncDuplexStreamingCall<Frame, Reply> Call)> DialAsync(TestConnector caller, TestConnector target, string targetDid, string jobId, string taskId)
    {
        var token = await caller.App.Services.GetRequiredService<IDspTokenProvider>().GetTokenAsync(targetDid, CancellationToken.None);
        var channel = GrpcChannel.ForAddress(await ChannelAddressAsync(target));
        var headers = new Metadata
        {
            { ComputeChannelProtocol.JobHeader, jobId },
            { ComputeChannelProtocol.TaskHeader, taskId },
            { "authorization", "Bearer " + token },
        };
        return (channel, new ComputeChannel.ComputeChannelClient(channel).Connect(headers));
    }

    public static Frame Batch(params (string Topic, ulong Sequence, byte[] Payload)[] messages)
    {
        var batch = new Batch();
        foreach (var (topic, sequence, payload) in messages)
        {
            batch.Messages.Add(new Message { Topic = topic, Sequence = sequence, Payload = Google.Protobuf.ByteString.CopyFrom(payload) });
        }

        return new Frame { Batch = batch };
    }
}
