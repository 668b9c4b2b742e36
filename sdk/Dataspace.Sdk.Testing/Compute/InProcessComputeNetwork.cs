using System.Collections.Concurrent;
using System.Threading.Channels;
using Dataspace.Sdk.Compute;

namespace Dataspace.Sdk.Testing.Compute;

/// <summary>
/// Connects the parties of one task inside one process with bounded, ordered queues per (sender, receiver, topic),
/// as the connectors' channel does across processes; for component tests.
/// </summary>
public sealed class InProcessComputeNetwork
{
    private readonly ConcurrentDictionary<(string From, string To, string Topic), Channel<ReadOnlyMemory<byte>>> _queues = new();
    private readonly int _capacity;
    private readonly HashSet<string> _parties;
    private volatile bool _closed;

    /// <summary>Creates a network of the given parties.</summary>
    /// <param name="participantIds">The parties' participant ids.</param>
    /// <param name="capacity">Messages buffered per queue before a sender waits.</param>
    /// <param name="maxPayloadBytes">The largest payload of one message.</param>
    public InProcessComputeNetwork(IEnumerable<string> participantIds, int capacity = 8, int maxPayloadBytes = 4 * 1024 * 1024)
    {
        _parties = [.. participantIds];
        _capacity = capacity;
        MaxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>The largest payload of one message.</summary>
    public int MaxPayloadBytes { get; }

    /// <summary>Total payload bytes sent so far, by sender.</summary>
    public ConcurrentDictionary<string, long> BytesSent { get; } = new();

    /// <summary>Every message sent, when <see cref="RecordMessages"/> is set: what a party's peers saw of it.</summary>
    public ConcurrentQueue<(string From, string To, string Topic, byte[] Payload)> Transcript { get; } = new();

    /// <summary>Whether to keep a copy of every message in <see cref="Transcript"/> (leakage tests).</summary>
    public bool RecordMessages { get; init; }

    /// <summary>The channel as seen by one party.</summary>
    public IComputeChannel For(string participantId)
    {
        if (!_parties.Contains(participantId)) throw new ArgumentException($"'{participantId}' is not a party of this network.", nameof(participantId));
        return new PartyChannel(this, participantId);
    }

    /// <summary>Closes every queue, as when a party disappears: pending and later calls throw.</summary>
    public void Close()
    {
        _closed = true;
        foreach (var queue in _queues.Values) queue.Writer.TryComplete(new ComputeChannelClosedException("A party left the task."));
    }

    private Channel<ReadOnlyMemory<byte>> Queue(string from, string to, string topic)
    {
        var queue = _queues.GetOrAdd((from, to, topic), _ => Channel.CreateBounded<ReadOnlyMemory<byte>>(
            new BoundedChannelOptions(_capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait }));
        // A queue first used after Close (a receive on a topic nobody had sent on yet) must not wait forever.
        if (_closed) queue.Writer.TryComplete(new ComputeChannelClosedException("A party left the task."));
        return queue;
    }

    private sealed class PartyChannel(InProcessComputeNetwork network, string self) : IComputeChannel
    {
        public int MaxPayloadBytes => network.MaxPayloadBytes;

        public async ValueTask SendAsync(string participantId, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            if (!network._parties.Contains(participantId)) throw new ComputeChannelClosedException($"'{participantId}' is not a party of this task.");
            if (payload.Length > network.MaxPayloadBytes) throw new ArgumentException($"A payload of {payload.Length} bytes is over the limit of {network.MaxPayloadBytes}.", nameof(payload));
            if (network._closed) throw new ComputeChannelClosedException("A party left the task.");
            var copy = payload.ToArray();
            network.BytesSent.AddOrUpdate(self, copy.Length, (_, total) => total + copy.Length);
            if (network.RecordMessages) network.Transcript.Enqueue((self, participantId, topic, copy));
            try
            {
                await network.Queue(self, participantId, topic).Writer.WriteAsync(copy, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException e)
            {
                throw new ComputeChannelClosedException("A party left the task.", e);
            }
        }

        public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(string participantId, string topic, CancellationToken cancellationToken)
        {
            if (!network._parties.Contains(participantId)) throw new ComputeChannelClosedException($"'{participantId}' is not a party of this task.");
            try
            {
                return await network.Queue(participantId, self, topic).Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException e)
            {
                throw new ComputeChannelClosedException("A party left the task.", e);
            }
        }
    }
}
