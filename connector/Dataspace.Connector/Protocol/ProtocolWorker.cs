using Dataspace.Connector.Hosting;
using Dataspace.Connector.Protocol.Dsp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol;

/// <summary>Delivers the outbox (as soon as a message is stored, retrying with back-off) and runs queued protocol work.</summary>
internal sealed partial class ProtocolWorker : BackgroundService
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(30);
    private readonly IOutboxStore _outbox;
    private readonly ConnectorInstance _instance;
    private readonly DspClient _client;
    private readonly ProtocolWork _work;
    private readonly Dictionary<string, IOutboxOutcomeHandler> _handlers;
    private readonly IEnumerable<IProtocolRecovery> _recoveries;
    private readonly IOptions<DspOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ProtocolWorker> _logger;
    private readonly IHostApplicationLifetime _lifetime;

    public ProtocolWorker(IOutboxStore outbox, ConnectorInstance instance, DspClient client, ProtocolWork work, IEnumerable<IOutboxOutcomeHandler> handlers,
        IEnumerable<IProtocolRecovery> recoveries, IOptions<DspOptions> options, TimeProvider time, ILogger<ProtocolWorker> logger, IHostApplicationLifetime lifetime)
    {
        _lifetime = lifetime;
        _outbox = outbox;
        _instance = instance;
        _client = client;
        _work = work;
        _handlers = handlers.ToDictionary(h => h.ProcessKind, StringComparer.Ordinal);
        _recoveries = recoveries;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Recovery restarts channels and sends messages that carry our public addresses (callbacks, pull endpoints),
        // which are known only once the server listens: before that they would fall back to a default port.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }

        foreach (var recovery in _recoveries)
        {
            await recovery.RecoverAsync(stoppingToken).ConfigureAwait(false);
        }

        var workers = Enumerable.Range(0, 4).Select(_ => RunWorkAsync(stoppingToken)).ToList();
        workers.Add(RunOutboxAsync(stoppingToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task RunWorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (name, work) in _work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await work(stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One failing piece of work must not stop the others; the state stays as it was and recovery retries.
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogWorkFailed(_logger, name, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOutboxAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Messages whose cause's answer is not sent yet are not claimable; the store wakes us when one is released.
                var due = await _outbox.ClaimAsync(_instance.InstanceId, _time.GetUtcNow(), 32, stoppingToken).ConfigureAwait(false);
                if (due.Count > 0)
                {
                    await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stoppingToken }, DeliverAsync).ConfigureAwait(false);
                    continue;
                }

                await _outbox.WaitForWorkAsync(_time.GetUtcNow(), IdleWait, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async ValueTask DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var handler = _handlers[message.ProcessKind];
        try
        {
            var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccess)
            {
                await handler.DeliveredAsync(message, response, cancellationToken).ConfigureAwait(false);
                await _outbox.CompleteAsync(message, cancellationToken).ConfigureAwait(false);
                LogDelivered(_logger, message.MessageType, message.Url);
                return;
            }

            var reason = response.Describe();
            if (response.IsTransient && message.Attempts + 1 < _options.Value.MaxDeliveryAttempts)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, message.Attempts)));
                await _outbox.RescheduleAsync(message, _time.GetUtcNow() + delay, reason, cancellationToken).ConfigureAwait(false);
                LogRetry(_logger, message.MessageType, message.Url, message.Attempts + 1, reason);
                return;
            }

            await _outbox.AbandonAsync(message, reason, cancellationToken).ConfigureAwait(false);
            LogGaveUp(_logger, message.MessageType, message.Url, reason);
            await handler.FailedAsync(message, reason, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing outcome handler must not stop delivery of other messages.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogWorkFailed(_logger, message.MessageType, e);
            await ReleaseAsync(message, e, cancellationToken).ConfigureAwait(false);
        }
    }

    // A message still claimed after a failure would block its process until a restart: it goes back for another try
    // (a no-op when it was completed or abandoned before the failure).
    private async Task ReleaseAsync(OutboxMessage message, Exception failure, CancellationToken cancellationToken)
    {
        try
        {
            await _outbox.RescheduleAsync(message, _time.GetUtcNow() + TimeSpan.FromSeconds(1), failure.Message, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The store failing too leaves the claim to be released by the database (see IOutboxStore).
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogWorkFailed(_logger, message.MessageType, e);
        }
    }

    private async Task<DspResponse> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.PostAsync(message.Url, message.Body, message.CounterPartyId, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever breaks one delivery (e.g. making its token) counts as a failed attempt: retried, then given up with the reason.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new DspResponse(null, [], $"{message.MessageType} to {message.Url} could not be sent: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivered {MessageType} to {Url}")]
    private static partial void LogDelivered(ILogger logger, string messageType, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageType} to {Url} failed (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, string messageType, string url, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up sending {MessageType} to {Url}: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string messageType, string url, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Protocol work {Name} failed")]
    private static partial void LogWorkFailed(ILogger logger, string name, Exception exception);
}
