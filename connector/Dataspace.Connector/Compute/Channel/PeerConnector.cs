using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Sdk.Egress;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>What a link needs to dial a peer: its channel address, a gRPC channel under the egress policy, our DSP token.</summary>
internal sealed class PeerConnector
{
    private readonly ComputeChannelDiscovery _discovery;
    private readonly IDspTokenProvider _tokens;
    private readonly IEgressPolicy _egress;
    private readonly IOptions<ComputeChannelOptions> _options;

    public PeerConnector(ComputeChannelDiscovery discovery, IDspTokenProvider tokens, IEgressPolicy egress, IOptions<ComputeChannelOptions> options)
    {
        _discovery = discovery;
        _tokens = tokens;
        _egress = egress;
        _options = options;
    }

    public Task<Uri> ResolveAsync(Uri dspEndpoint, CancellationToken cancellationToken) => _discovery.ResolveAsync(dspEndpoint, cancellationToken);

    /// <summary>The identity token a DSP request to <paramref name="participantId"/> carries.</summary>
    public Task<string?> TokenAsync(string participantId, CancellationToken cancellationToken) => _tokens.GetTokenAsync(participantId, cancellationToken);

    /// <summary>A gRPC channel whose connections go where the egress policy allows, with keep-alive pings so a vanished peer is noticed.</summary>
    public GrpcChannel CreateChannel(Uri address)
    {
        var handler = _egress.CreateHandler();
        handler.KeepAlivePingDelay = TimeSpan.FromSeconds(15);
        handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(15);
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests;
        handler.EnableMultipleHttp2Connections = true;
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxSendMessageSize = null,
            // Replies are small (accepted, close with a bounded reason).
            MaxReceiveMessageSize = 64 * 1024,
            MaxRetryAttempts = 0,
        });
    }

    public ComputeChannelOptions Options => _options.Value;
}
