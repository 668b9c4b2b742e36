using System.Collections.Concurrent;
using Dataspace.Connector.Compute;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Connector.Tests.Compute;

/// <summary>
/// Task channels between engines in one process, over the SDK's <see cref="InProcessComputeNetwork"/>: the parties of a
/// task meet on one network per (job, task). For these tests only; connectors use the authenticated gRPC channel.
/// </summary>
internal sealed class InProcessComputeChannelFactory : IComputeChannelFactory
{
    private readonly ConcurrentDictionary<(string Job, string Task), (InProcessComputeNetwork Network, int Parties, int Opened, int Open)> _networks = new();

    public Task<IComputeTaskChannel> OpenAsync(ComputeChannelRequest request, CancellationToken cancellationToken)
    {
        var parties = request.Peers.Select(p => p.ParticipantId).Append(request.Self).ToList();
        var key = (request.JobId, request.TaskId);
        var entry = _networks.AddOrUpdate(key, _ => (new InProcessComputeNetwork(parties), parties.Count, 1, 1), (_, e) => (e.Network, e.Parties, e.Opened + 1, e.Open + 1));
        return Task.FromResult<IComputeTaskChannel>(new TaskChannel(this, key, entry.Network.For(request.Self), entry.Network));
    }

    // The network closes once every party has opened it and left again: a fast party that finishes before a slower one
    // has even opened must not take the network (and the messages queued on it) away from it.
    private void Leave((string, string) key, InProcessComputeNetwork network)
    {
        var left = _networks.AddOrUpdate(key, _ => (network, 0, 0, 0), (_, e) => (e.Network, e.Parties, e.Opened, e.Open - 1));
        if (left.Opened >= left.Parties && left.Open <= 0 && _networks.TryRemove(key, out _)) network.Close();
    }

    private sealed class TaskChannel(InProcessComputeChannelFactory factory, (string, string) key, IComputeChannel channel, InProcessComputeNetwork network) : IComputeTaskChannel
    {
        private int _disposed;

        public int MaxPayloadBytes => channel.MaxPayloadBytes;

        public ValueTask SendAsync(string participantId, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
            => channel.SendAsync(participantId, topic, payload, cancellationToken);

        public ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(string participantId, string topic, CancellationToken cancellationToken)
            => channel.ReceiveAsync(participantId, topic, cancellationToken);

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) factory.Leave(key, network);
            return ValueTask.CompletedTask;
        }
    }
}
