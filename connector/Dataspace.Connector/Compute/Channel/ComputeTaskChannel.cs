using System.Collections.Frozen;
using Dataspace.Sdk.Compute;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>One task's channel at this connector: a <see cref="PeerLink"/> per other party.</summary>
internal sealed class ComputeTaskChannel : IComputeTaskChannel
{
    private readonly GrpcComputeChannelFactory _factory;
    private readonly FrozenDictionary<string, PeerLink> _links;
    private int _disposed;

    public ComputeTaskChannel(GrpcComputeChannelFactory factory, ComputeChannelRequest request, PeerConnector connector, TimeProvider time, ILogger logger)
    {
        _factory = factory;
        JobId = request.JobId;
        TaskId = request.TaskId;
        Self = request.Self;
        MaxPayloadBytes = connector.Options.MaxPayloadBytes;
        _links = request.Peers.ToFrozenDictionary(
            p => p.ParticipantId,
            p => new PeerLink(this, p, connector.Options, connector, time, logger),
            StringComparer.Ordinal);
    }

    public string JobId { get; }

    public string TaskId { get; }

    public string Self { get; }

    /// <inheritdoc/>
    public int MaxPayloadBytes { get; }

    /// <summary>The link with <paramref name="participantId"/>, or null when it is not a party of this task.</summary>
    public PeerLink? Link(string participantId) => _links.GetValueOrDefault(participantId);

    public void Start()
    {
        foreach (var link in _links.Values)
        {
            link.Start();
        }
    }

    /// <inheritdoc/>
    public ValueTask SendAsync(string participantId, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        Party(participantId).SendAsync(topic, payload, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(string participantId, string topic, CancellationToken cancellationToken) =>
        Party(participantId).ReceiveAsync(topic, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _factory.Remove(this);
        await Task.WhenAll(_links.Values.Select(l => l.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private PeerLink Party(string participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        return Link(participantId) ?? throw new ComputeChannelClosedException($"'{participantId}' is not a party of job '{JobId}' task '{TaskId}'.");
    }
}
