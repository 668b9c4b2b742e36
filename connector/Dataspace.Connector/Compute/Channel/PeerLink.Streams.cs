using Dataspace.Connector.Compute.Channel.Grpc;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Egress;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>The two streams of a link: the one we dial to send, the one the peer dials to send to us.</summary>
internal sealed partial class PeerLink
{
    private const int MaxPeerReasonLength = 500;

    /// <summary>Reads the peer's stream to us until it closes, fails or breaks the channel's rules; called by the gRPC service.</summary>
    public async Task RunInboundAsync(IAsyncStreamReader<Frame> requests, IServerStreamWriter<Reply> responses, CancellationToken callAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callAborted, _stopInbound.Token);
        var cancellationToken = linked.Token;
        _inboundJoined.TrySetResult();
        var expected = new Dictionary<string, ulong>(StringComparer.Ordinal);
        string? violation = null;
        try
        {
            await responses.WriteAsync(new Reply { Accepted = new Accepted { MaxPayloadBytes = _options.MaxPayloadBytes } }, cancellationToken).ConfigureAwait(false);
            while (violation is null && await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var frame = requests.Current;
                switch (frame.KindCase)
                {
                    case Frame.KindOneofCase.Batch:
                        foreach (var message in frame.Batch.Messages)
                        {
                            violation = await AcceptAsync(message, expected, cancellationToken).ConfigureAwait(false);
                            if (violation is not null)
                            {
                                break;
                            }
                        }

                        break;
                    case Frame.KindOneofCase.Close:
                        Fail($"{ParticipantId} closed the task channel: {Bounded(frame.Close.Reason)}");
                        return;
                    default:
                        violation = $"a frame from {ParticipantId} carries neither a batch nor a close";
                        break;
                }
            }

            if (violation is null)
            {
                Fail($"{ParticipantId} disconnected from the task channel without closing it");
                return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException
            && _stopInbound.IsCancellationRequested && !callAborted.IsCancellationRequested)
        {
            // We ended the link (closed the task, or the peer's other stream failed): the peer is told why.
            try
            {
                await responses.WriteAsync(new Reply { Close = new Close { Reason = Failure ?? "the task channel is closed" } }, callAborted).ConfigureAwait(false);
            }
            catch (Exception gone) when (gone is IOException or InvalidOperationException or OperationCanceledException)
            {
                // The peer is gone already.
            }

            return;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or RpcException)
        {
            Fail($"{ParticipantId} disconnected from the task channel: {e.Message}");
            return;
        }

        Fail(violation);
        throw new RpcException(new Status(StatusCode.InvalidArgument, violation));
    }

    private async ValueTask<string?> AcceptAsync(Message message, Dictionary<string, ulong> expected, CancellationToken cancellationToken)
    {
        var topic = message.Topic;
        if (topic.Length is 0 or > ComputeChannelProtocol.MaxTopicLength)
        {
            return $"a message from {ParticipantId} has a topic of {topic.Length} characters; expected 1 to {ComputeChannelProtocol.MaxTopicLength}";
        }

        if (message.Payload.Length > _options.MaxPayloadBytes)
        {
            return $"a message from {ParticipantId} on topic '{topic}' has {message.Payload.Length} bytes, over the limit of {_options.MaxPayloadBytes}";
        }

        var known = expected.TryGetValue(topic, out var last);
        if (!known && expected.Count >= _options.MaxTopicsPerChannel)
        {
            return $"{ParticipantId} sent on more than {_options.MaxTopicsPerChannel} topics";
        }

        if (message.Sequence != last + 1)
        {
            var kind = message.Sequence <= last ? "a replay" : "out of order";
            return $"message {message.Sequence} on topic '{topic}' from {ParticipantId} is {kind}: expected {last + 1}";
        }

        expected[topic] = message.Sequence;
        try
        {
            await Inbound(topic).EnqueueAsync(message.Payload.Memory, cancellationToken).ConfigureAwait(false);
        }
        catch (ComputeChannelClosedException)
        {
            // We are closing the link: nobody will read it, and the peer hears why when its stream to us ends.
        }

        return null;
    }

    private async Task RunOutboundAsync()
    {
        var cancellationToken = _stopOutbound.Token;
        GrpcChannel? channel = null;
        try
        {
            AsyncDuplexStreamingCall<Frame, Reply> call;
            (channel, call) = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            _connected = true;
            using (call)
            {
                var replies = ReadRepliesAsync(call, cancellationToken);
                try
                {
                    await PumpAsync(call, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RpcException or IOException or InvalidOperationException)
                {
                    // The peer's own words (a refusal, a violation) come on the replies; give them a moment to arrive.
                    await Task.WhenAny(replies, Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken)).ConfigureAwait(false);
                    Fail($"sending to {ParticipantId} failed: {e.Message}");
                }

                await replies.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (ComputeChannelUnreachableException e)
        {
            Fail(e.Message);
        }
        catch (RpcException e)
        {
            Fail(Describe(e));
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException)
        {
            Fail($"{ParticipantId} could not be reached: {e.Message}");
        }
        finally
        {
            channel?.Dispose();
        }
    }

    private async Task PumpAsync(AsyncDuplexStreamingCall<Frame, Reply> call, CancellationToken cancellationToken)
    {
        var reader = _outbound.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Small messages share a frame; a frame stops growing once it holds BatchBytes.
            var batch = new Batch();
            long bytes = 0;
            while (bytes < _options.BatchBytes && reader.TryRead(out var message))
            {
                batch.Messages.Add(message);
                bytes += message.Payload.Length;
            }

            await call.RequestStream.WriteAsync(new Frame { Batch = batch }, cancellationToken).ConfigureAwait(false);
        }

        await call.RequestStream.WriteAsync(new Frame { Close = new Close { Reason = Failure ?? "closed" } }, cancellationToken).ConfigureAwait(false);
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
    }

    private async Task ReadRepliesAsync(AsyncDuplexStreamingCall<Frame, Reply> call, CancellationToken cancellationToken)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                if (call.ResponseStream.Current.KindCase == Reply.KindOneofCase.Close)
                {
                    Fail($"{ParticipantId} ended the task channel: {Bounded(call.ResponseStream.Current.Close.Reason)}");
                }
            }

            Fail($"{ParticipantId} closed the task channel");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(Describe(e));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or RpcException)
        {
            Fail($"{ParticipantId} disconnected from the task channel: {e.Message}");
        }
    }

    /// <summary>Dials the peer until it accepts, or until the join timeout while it has not opened the task yet.</summary>
    private async Task<(GrpcChannel Channel, AsyncDuplexStreamingCall<Frame, Reply> Call)> ConnectAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + JoinTimeout;
        var delay = TimeSpan.FromMilliseconds(50);
        Uri? address = null;
        GrpcChannel? channel = null;
        while (true)
        {
            try
            {
                address ??= await _connector.ResolveAsync(_peer.DspEndpoint, cancellationToken).ConfigureAwait(false);
                channel ??= _connector.CreateChannel(address);
                var call = await CallOnceAsync(channel, cancellationToken).ConfigureAwait(false);
                return (channel, call);
            }
            catch (ComputeChannelUnreachableException e) when (!e.Permanent && _time.GetUtcNow() + delay < deadline)
            {
                LogRetrying(_logger, _task.JobId, _task.TaskId, ParticipantId, e.Message);
            }
            catch (RpcException e) when (IsWorthRetrying(e) && _time.GetUtcNow() + delay < deadline)
            {
                // Most often the peer has not opened the task yet.
                LogRetrying(_logger, _task.JobId, _task.TaskId, ParticipantId, e.Status.Detail);
            }
            catch
            {
                channel?.Dispose();
                throw;
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    private async Task<AsyncDuplexStreamingCall<Frame, Reply>> CallOnceAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var headers = new Metadata
        {
            { ComputeChannelProtocol.JobHeader, _task.JobId },
            { ComputeChannelProtocol.TaskHeader, _task.TaskId },
        };

        // The same token a DSP request to this peer carries.
        if (await _connector.TokenAsync(ParticipantId, cancellationToken).ConfigureAwait(false) is { } token)
        {
            headers.Add("authorization", "Bearer " + token);
        }

        var call = new ComputeChannel.ComputeChannelClient(channel).Connect(headers, cancellationToken: cancellationToken);
        try
        {
            if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"{ParticipantId} ended the stream without accepting it"));
            }

            var reply = call.ResponseStream.Current;
            if (reply.KindCase != Reply.KindOneofCase.Accepted)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{ParticipantId} did not accept the stream: {Bounded(reply.Close?.Reason)}"));
            }

            Volatile.Write(ref _peerMaxPayload, Math.Max(1, reply.Accepted.MaxPayloadBytes));
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    // The peer has not opened the task yet, or its listener is not up yet; any other refusal is final.
    private static bool IsWorthRetrying(RpcException e) =>
        (e.StatusCode == StatusCode.PermissionDenied && e.Trailers.GetValue(ComputeChannelProtocol.NotOpenedTrailer) == "true")
        || (e.StatusCode == StatusCode.Unavailable && e.Status.DebugException?.IsEgressRefusal() != true);

    private string Describe(RpcException e)
    {
        if (e.Status.DebugException?.EgressRefusal() is { } refusal)
        {
            return $"the compute channel of {ParticipantId} is refused by our egress policy: {refusal.Message}";
        }

        return e.StatusCode switch
        {
            StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.InvalidArgument or StatusCode.FailedPrecondition
                => $"{ParticipantId} refused the task channel ({e.StatusCode}): {Bounded(e.Status.Detail)}",
            _ => $"{ParticipantId} disconnected from the task channel ({e.StatusCode}): {Bounded(e.Status.Detail)}",
        };
    }

    // A peer's text goes into our errors and logs: bounded.
    private static string Bounded(string? text) =>
        text is null ? "" : text.Length <= MaxPeerReasonLength ? text : text[..MaxPeerReasonLength] + "...";

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug, Message = "Compute channel of job {JobId} task {TaskId}: {Peer} not ready yet, trying again: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string jobId, string taskId, string peer, string reason);
}
