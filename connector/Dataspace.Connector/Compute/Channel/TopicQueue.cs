using System.Threading.Channels;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>
/// The messages received from one peer on one topic and not yet read, bounded in bytes: a writer over the bound waits,
/// which stops the connector reading that peer's stream, and HTTP/2 flow control then holds the sender.
/// </summary>
/// <remarks>One writer (the peer's stream) and one reader (the component) at a time.</remarks>
internal sealed class TopicQueue
{
    private readonly Channel<ReadOnlyMemory<byte>> _messages = System.Threading.Channels.Channel.CreateUnbounded<ReadOnlyMemory<byte>>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });

    // Signalled on every read (one pending signal at most), so a writer waiting for room looks again.
    private readonly Channel<bool> _room = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly long _maxBytes;
    private long _queuedBytes;
    private volatile string? _closedReason;

    public TopicQueue(long maxBytes) => _maxBytes = maxBytes;

    /// <summary>Payload bytes waiting to be read.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Adds a message, waiting while the queue holds more than its bound (one message always fits in an empty queue).</summary>
    public async ValueTask EnqueueAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        while (QueuedBytes > 0 && QueuedBytes + payload.Length > _maxBytes)
        {
            if (_closedReason is { } reason)
            {
                throw new ComputeChannelClosedException(reason);
            }

            await _room.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Add(ref _queuedBytes, payload.Length);
        if (!_messages.Writer.TryWrite(payload))
        {
            Interlocked.Add(ref _queuedBytes, -payload.Length);
            throw new ComputeChannelClosedException(_closedReason ?? "The compute channel is closed.");
        }
    }

    /// <summary>The next message; once closed, the messages still queued and then the close reason.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> DequeueAsync(CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> payload;
        try
        {
            payload = await _messages.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new ComputeChannelClosedException(_closedReason ?? "The compute channel is closed.", e);
        }

        Interlocked.Add(ref _queuedBytes, -payload.Length);
        _room.Writer.TryWrite(true);

        return payload;
    }

    /// <summary>Closes the queue: what is queued can still be read, then reads throw with <paramref name="reason"/>.</summary>
    public void Close(string reason)
    {
        _closedReason ??= reason;
        _messages.Writer.TryComplete();
        _room.Writer.TryWrite(true);
    }
}
