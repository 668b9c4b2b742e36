using System.Collections.Concurrent;
using Dataspace.Connector.Compute;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Tests.Compute;

/// <summary>
/// Reaches other engines in this process by their DSP endpoint, as <paramref name="self"/>; the job crosses as its JSON
/// wire form. For these tests only; connectors reach each other over DSP-authenticated HTTP.
/// </summary>
internal sealed class InProcessComputePeers(string self, ConcurrentDictionary<Uri, EmbeddedComputeEngine> engines) : IComputePeers
{
    public async Task<ComputeJob> ProposeAsync(ComputePeerEndpoint peer, ComputeJob job, CancellationToken cancellationToken)
    {
        var received = ComputeJobJson.Deserialize(ComputeJobJson.Serialize(job));
        var answer = await Engine(peer.DspEndpoint).ReceiveAsync(received, self, cancellationToken);
        return ComputeJobJson.Deserialize(ComputeJobJson.Serialize(answer));
    }

    public async Task NotifyAsync(ComputePeerEndpoint peer, ComputeJobNotice notice, CancellationToken cancellationToken)
        => await Engine(peer.DspEndpoint).ReceiveNoticeAsync(notice, self, cancellationToken);

    public Task<ComputeJob?> GetAsync(ComputePeerEndpoint peer, string jobId, CancellationToken cancellationToken) => Engine(peer.DspEndpoint).GetAsync(jobId, cancellationToken);

    private EmbeddedComputeEngine Engine(Uri endpoint)
        => engines.TryGetValue(endpoint, out var engine) ? engine : throw new HttpRequestException($"no connector answers at {endpoint}");
}
