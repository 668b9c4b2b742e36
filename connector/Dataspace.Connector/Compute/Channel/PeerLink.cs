using System.Collections.Concurrent;
using System.Threading.Channels;
using Dataspace.Connector.Compute.Channel.Grpc;
using Dataspace.Sdk.Compute;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>
/// This connector's link with one peer in one task: the stream we dial to send (outbound) and the stream the peer dials
/// to send to us (inbound). The link fails as a whole, once, with the first reason; the other links of the task go on.
/// </summary>
internal sealed partial class PeerLink : IAsyncDisposable
{
    private readonly ComputeTaskChannel _task;
    private readonly ComputePeerEndpoint _peer;
    private readonly ComputeChannelOptions _options;
    private readonly PeerConnector _connector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TopicQueue> _inbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _sent = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<Message> _outbound;
    private readonly CancellationTokenSource _stopInbound = new();
    private readonly CancellationTokenSource _stopOutbound = new();
    private readonly TaskCompletionSource _inboundJoined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inboundClaimed;
    private volatile bool _connected;
    private string? _failure;
    private int _peerMaxPayload = int.MaxValue;
    private Task _pump = Task.CompletedTask;
    private Task _joinWatch = Task.CompletedTask;

    public PeerLink(ComputeTaskChannel task, ComputePeerEndpoint peer, ComputeChannelOptions options, PeerConnector connector, TimeProvider time, ILogger logger)
    {
        _task = task;
        _peer = peer;
        _options = options;
        _connector = connector;
        _time = time;
        _logger = logger;
        _outbound = System.Threading.Channels.Channel.CreateBounded<Message>(new BoundedChannelOptions(options.OutboundQueueMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string ParticipantId => _peer.ParticipantId;

    /// <summary>Why the link ended, or null while it is up.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    private TimeSpan JoinTimeout => TimeSpan.FromSeconds(_options.JoinTimeoutSeconds);

    /// <summary>Starts dialling the peer and the wait for its stream.</summary>
    public void Start()
    {
        _pump = Task.Run(RunOutboundAsync);
        _joinWatch = Task.Run(WatchInboundJoinAsync);
    }

    public async ValueTask SendAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ValidateTopic(topic);
        if (payload.Length > Math.Min(_options.MaxPayloadBytes, Volatile.Read(ref _peerMaxPayload)))
        {
            throw new ArgumentException($"A payload of {payload.Length} bytes is over the limit of {Math.Min(_options.MaxPayloadBytes, Volatile.Read(ref _peerMaxPayload))} bytes; send it in batches.", nameof(payload));
        }

        ThrowIfFailed();
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_sent.TryGetValue(topic, out var last) && _sent.Count >= _options.MaxTopicsPerChannel)
            {
                throw new InvalidOperationException($"Topic '{topic}' would be topic {_sent.Count + 1} sent to {ParticipantId}, over the limit of {_options.MaxTopicsPerChannel} (Connector:Compute:Channel:MaxTopicsPerChannel).");
            }

            // The payload is copied: the caller may reuse its buffer once SendAsync returns.
            var message = new Message { Topic = topic, Sequence = last + 1, Payload = ByteString.CopyFrom(payload.Span) };
            try
            {
                await _outbound.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException e)
            {
                throw new ComputeChannelClosedException(Failure ?? "The compute channel is closed.", e);
            }

            // Counted only once queued, so a cancelled send leaves no gap in the sequence.
            _sent[topic] = last + 1;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(string topic, CancellationToken cancellationToken)
    {
        ValidateTopic(topic);
        if (!_inbound.TryGetValue(topic, out var queue))
        {
            ThrowIfFailed();
            if (_inbound.Count >= _options.MaxTopicsPerChannel)
            {
                throw new InvalidOperationException($"Topic '{topic}' would be topic {_inbound.Count + 1} received from {ParticipantId}, over the limit of {_options.MaxTopicsPerChannel} (Connector:Compute:Channel:MaxTopicsPerChannel).");
            }

            queue = Inbound(topic);
        }

        return queue.DequeueAsync(cancellationToken);
    }

    /// <summary>Claims the inbound side for the peer's stream; false, with the reason, when it is taken or the link has ended.</summary>
    public bool TryClaimInbound(out string reason)
    {
        if (Failure is { } failure)
        {
            reason = $"the task channel with {ParticipantId} has ended: {failure}";
            return false;
        }

        if (Interlocked.CompareExchange(ref _inboundClaimed, 1, 0) != 0)
        {
            reason = $"{ParticipantId} already has a stream open for this task";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>Ends the link with <paramref name="reason"/>: queued messages can still be read, then every call throws it.</summary>
    public void Fail(string reason) => End(reason, stopInbound: true);

    private void End(string reason, bool stopInbound)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is not null)
        {
            if (stopInbound)
            {
                _stopInbound.Cancel();
            }

            return;
        }

        LogLinkEnded(_logger, _task.JobId, _task.TaskId, ParticipantId, reason);
        foreach (var queue in _inbound.Values)
        {
            queue.Close(reason);
        }

        // The pump sends what is queued, then a Close frame with the reason; then it ends.
        _outbound.Writer.TryComplete();

        // Not connected yet: nothing to flush, and no reason to keep dialling.
        if (!_connected)
        {
            _stopOutbound.Cancel();
        }

        if (stopInbound)
        {
            _stopInbound.Cancel();
        }

        _inboundJoined.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        // What the component sent before it closed the task is delivered first: the pump drains the queue and sends Close;
        // only then does the peer's stream to us end, or the peer, told we left, could stop reading ours too early.
        End($"{_task.Self} closed the task channel", stopInbound: false);
        try
        {
            await _pump.WaitAsync(JoinTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogFlushTimedOut(_logger, _task.JobId, _task.TaskId, ParticipantId);
        }

        await _stopInbound.CancelAsync().ConfigureAwait(false);
        await _stopOutbound.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pump, _joinWatch).ConfigureAwait(false);

        // The token sources and the send lock are not disposed: a handler or a sender may still be leaving them.
    }

    private TopicQueue Inbound(string topic)
    {
        var queue = _inbound.GetOrAdd(topic, _ => new TopicQueue(_options.MaxQueuedBytesPerTopic));

        // A queue made while the link was failing would otherwise never be closed.
        if (Failure is { } failure)
        {
            queue.Close(failure);
        }

        return queue;
    }

    private void ThrowIfFailed()
    {
        if (Failure is { } failure)
        {
            throw new ComputeChannelClosedException(failure);
        }
    }

    private static void ValidateTopic(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (topic.Length > ComputeChannelProtocol.MaxTopicLength)
        {
            throw new ArgumentException($"A topic is at most {ComputeChannelProtocol.MaxTopicLength} characters; this one has {topic.Length}.", nameof(topic));
        }
    }

    private async Task WatchInboundJoinAsync()
    {
        try
        {
            await _inboundJoined.Task.WaitAsync(JoinTimeout, _time, _stopOutbound.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Fail($"{ParticipantId} did not join job '{_task.JobId}' task '{_task.TaskId}' within {_options.JoinTimeoutSeconds} s (Connector:Compute:Channel:JoinTimeoutSeconds)");
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Compute channel of job {JobId} task {TaskId} with {Peer} ended: {Reason}")]
    private static partial void LogLinkEnded(ILogger logger, string jobId, string taskId, string peer, string reason);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Compute channel of job {JobId} task {TaskId}: messages to {Peer} were not all delivered before the channel closed")]
    private static partial void LogFlushTimedOut(ILogger logger, string jobId, string taskId, string peer);
}
