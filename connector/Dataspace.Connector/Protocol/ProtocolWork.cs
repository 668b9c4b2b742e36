using System.Threading.Channels;

namespace Dataspace.Connector.Protocol;

/// <summary>
/// Work a state machine does after it has answered a peer (decide on a request, start a transfer). The state in the
/// database is the durable record of the work: after a restart, recovery re-queues whatever a state still implies.
/// </summary>
public sealed class ProtocolWork
{
    private readonly Channel<(string Name, Func<CancellationToken, Task> Work)> _channel =
        Channel.CreateUnbounded<(string, Func<CancellationToken, Task>)>(new UnboundedChannelOptions { SingleReader = false });

    private readonly OutboxSignal _signal;

    /// <summary>Creates the queue; work queued while a DSP request is handled starts only after its answer is sent.</summary>
    public ProtocolWork(OutboxSignal signal) => _signal = signal;

    /// <summary>Queues work named <paramref name="name"/> for the logs.</summary>
    /// <remarks>Queued from a DSP request, the work waits for that request's answer: whatever it sends must follow it.</remarks>
    public void Enqueue(string name, Func<CancellationToken, Task> work) => _signal.AfterAnswer(() => _channel.Writer.TryWrite((name, work)));

    internal ChannelReader<(string Name, Func<CancellationToken, Task> Work)> Reader => _channel.Reader;
}
