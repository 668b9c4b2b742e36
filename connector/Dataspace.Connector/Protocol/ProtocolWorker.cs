using Dataspace.Connector.Hosting;
using Dataspace.Connector.Protocol.Dsp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol;

/// <summary>
/// Delivers the outbox (as soon as a message is stored, retrying with back-off) and runs the stored process steps, claiming
/// both from the store so that any instance sharing the database does the work whichever instance stored it.
/// </summary>
internal sealed partial class ProtocolWorker : BackgroundService
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SaturatedPoll = TimeSpan.FromMilliseconds(100);
    private const int MaxDeliveries = 8;
    private const int MaxSteps = 4;
    private readonly IOutboxStore _outbox;
    private readonly ConnectorInstance _instance;
    private readonly DspClient _client;
    private readonly Dictionary<string, IOutboxOutcomeHandler> _handlers;
    private readonly Dictionary<string, IProcessStepHandler> _stepHandlers;
    private readonly IEnumerable<IProtocolRecovery> _recoveries;
    private readonly IOptions<DspOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ProtocolWorker> _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly OutboxSignal _signal;

    public ProtocolWorker(IOutboxStore outbox, OutboxSignal signal, ConnectorInstance instance, DspClient client, IEnumerable<IOutboxOutcomeHandler> handlers, IEnumerable<IProcessStepHandler> stepHandlers,
        IEnumerable<IProtocolRecovery> recoveries, IOptions<DspOptions> options, TimeProvider time, ILogger<ProtocolWorker> logger, IHostApplicationLifetime lifetime)
    {
        _lifetime = lifetime;
        _outbox = outbox;
        _signal = signal;
        _instance = instance;
        _client = client;
        _handlers = handlers.ToDictionary(h => h.ProcessKind, StringComparer.Ordinal);
        _stepHandlers = stepHandlers.ToDictionary(h => h.ProcessKind, StringComparer.Ordinal);
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

        // Recovery (restarting push deliveries) runs beside the loop: a slow channel must not hold up messages and steps.
        var loop = RunAsync(stoppingToken);
        try
        {
            foreach (var recovery in _recoveries)
            {
                await recovery.RecoverAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await loop.ConfigureAwait(false);
    }

    /// <summary>
    /// One loop claims both messages and steps, as many as there are free slots of each; it sleeps until the store says
    /// there is new work (or more is due) or one of its own pieces of work ends (freeing a slot).
    /// </summary>
    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var deliveries = new HashSet<Task>();
        var steps = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                deliveries.RemoveWhere(t => t.IsCompleted);
                steps.RemoveWhere(t => t.IsCompleted);
                var messageRoom = MaxDeliveries - deliveries.Count;
                var stepRoom = MaxSteps - steps.Count;
                if (messageRoom > 0 || stepRoom > 0)
                {
                    // One claim of both kinds per wake-up. Messages whose cause's answer is not sent yet are not
                    // claimable; the store wakes us when one is released. Whatever else is due ends the wait below at once,
                    // so there is no second, empty claim to find out that nothing is left.
                    var work = await _outbox.ClaimWorkAsync(_instance.InstanceId, _time.GetUtcNow(), messageRoom, stepRoom, stoppingToken).ConfigureAwait(false);
                    foreach (var message in work.Messages)
                    {
                        deliveries.Add(DeliverAsync(message, stoppingToken).AsTask());
                    }

                    foreach (var step in work.Steps)
                    {
                        steps.Add(RunStepAsync(step, stoppingToken));
                    }
                }

                await WaitAsync(deliveries, steps, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Work under way ends with the token (a step's claim is handed back, see RunStepAsync).
        await Task.WhenAll(deliveries.Concat(steps)).ConfigureAwait(false);
    }

    private async Task WaitAsync(HashSet<Task> deliveries, HashSet<Task> steps, CancellationToken stoppingToken)
    {
        var running = deliveries.Concat(steps).ToList();
        var finished = running.Count > 0 ? Task.WhenAny(running) : Task.Delay(Timeout.Infinite, stoppingToken);
        if (deliveries.Count >= MaxDeliveries || steps.Count >= MaxSteps)
        {
            // Full on one side: the store's next due time may be work we cannot take now, so waiting for it would spin.
            await Task.WhenAny(finished, Task.Delay(SaturatedPoll, _time, stoppingToken)).ConfigureAwait(false);
            stoppingToken.ThrowIfCancellationRequested();
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var stored = _outbox.WaitForWorkAsync(_time.GetUtcNow(), IdleWait, wake.Token);
        await Task.WhenAny(stored, finished).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        try
        {
            await stored.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (wake.IsCancellationRequested)
        {
            stoppingToken.ThrowIfCancellationRequested();
        }
    }

    private async Task RunStepAsync(ProcessStep step, CancellationToken stoppingToken)
    {
        await Task.Yield(); // The claiming loop goes on while the step runs.

        // What the step stores may go to this instance's worker when the run ends (see IOutboxHold.StepRunning). Its
        // continuations run synchronously, so the hand-off is done before this task completes and the loop claims again.
        var ended = new TaskCompletionSource();
        _signal.BeginStep(ended.Task);
        try
        {
            await RunStepCoreAsync(step, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            ended.TrySetResult();
        }
    }

    private async Task RunStepCoreAsync(ProcessStep step, CancellationToken stoppingToken)
    {
        try
        {
            if (!_stepHandlers.TryGetValue(step.ProcessKind, out var handler))
            {
                throw new InvalidOperationException($"no handler for steps of '{step.ProcessKind}' processes; expected one of {string.Join(", ", _stepHandlers.Keys)}");
            }

            // Mostly the step's own transition removed it in its transaction: one commit fewer per step.
            if (!await handler.RunStepAsync(step, stoppingToken).ConfigureAwait(false))
            {
                await _outbox.CompleteStepAsync(step, stoppingToken).ConfigureAwait(false);
            }

            LogStepDone(_logger, step.Name, step.ProcessId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the step goes back at once for another instance (or our next start).
            await ReleaseStepAsync(step, _time.GetUtcNow(), "the instance running it stopped").ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One failing step must not stop the others; the process stays as it was and the step is tried again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var delay = TimeSpan.FromMilliseconds(Math.Min(MaxStepDelay.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(step.Attempts, 20))));
            LogStepFailed(_logger, step.Name, step.ProcessId, step.Attempts + 1, delay, e);
            await ReleaseStepAsync(step, _time.GetUtcNow() + delay, e.Message).ConfigureAwait(false);
        }
    }

    // Steps are retried without a limit: giving one up would leave its process waiting for good, while a fault that
    // goes away (a database or policy source down) lets it go on. The back-off keeps a step that always fails cheap.
    private static readonly TimeSpan MaxStepDelay = TimeSpan.FromMinutes(5);

    private async Task ReleaseStepAsync(ProcessStep step, DateTimeOffset at, string failure)
    {
        try
        {
            await _outbox.RescheduleStepAsync(step, at, failure, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The store failing too leaves the claim to be released by the database (see IOutboxStore).
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogWorkFailed(_logger, step.Name, e);
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
            return await _client.PostAsync(message.Url, message.Body, message.CounterPartyId, message.ProcessId, cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {Name} of {ProcessId} done")]
    private static partial void LogStepDone(ILogger logger, string name, string processId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Step {Name} of {ProcessId} failed (attempt {Attempt}); trying again in {Delay}")]
    private static partial void LogStepFailed(ILogger logger, string name, string processId, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Protocol work {Name} failed")]
    private static partial void LogWorkFailed(ILogger logger, string name, Exception exception);
}
