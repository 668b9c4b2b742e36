using System.Collections.Concurrent;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Protocol;

/// <summary>
/// Wakes the outbox dispatcher as soon as a message is stored, so nothing waits for a polling interval; and holds back
/// the messages (and process steps) caused by a DSP request until the answer to that request has been sent.
/// </summary>
/// <remarks>
/// DSP moves a process "upon receipt and acknowledgement": a peer must see our 200/201 before any message it caused
/// (an agreement, a TransferStartMessage). Holds live in memory only: after a restart nothing is held, so a message stored
/// by a request whose answer was never sent is still delivered.
/// </remarks>
public sealed class OutboxSignal : IOutboxHold, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly AsyncLocal<Task?> _answerSent = new();
    private readonly AsyncLocal<Task?> _stepRunning = new();
    private readonly HeldRows _messages;
    private readonly HeldRows _steps;

    /// <summary>Creates the signal, holding nothing.</summary>
    public OutboxSignal()
    {
        _messages = new HeldRows(this);
        _steps = new HeldRows(this);
    }

    /// <summary>Says there is something to send.</summary>
    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every message stored before it.
        }
        catch (ObjectDisposedException)
        {
            // A hold released while the host shuts down: nobody waits any more.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _signal.Dispose();

    /// <inheritdoc/>
    public Task? AnswerPending => _answerSent.Value is { IsCompleted: false } answerSent ? answerSent : null;

    /// <inheritdoc/>
    public Task? StepRunning => _stepRunning.Value is { IsCompleted: false } running ? running : null;

    /// <summary>Waits for a notification or the time-out.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>
    /// From here on in this asynchronous flow (one inbound request), outbox rows and protocol work wait for
    /// <paramref name="answerSent"/>, which completes once the answer has been written.
    /// </summary>
    internal void BeginRequest(Task answerSent) => _answerSent.Value = answerSent;

    /// <summary>
    /// From here on in this asynchronous flow (the worker running one process step), <see cref="StepRunning"/> is
    /// <paramref name="stepEnded"/>, which completes once the step's run has ended. Nothing is held back for it.
    /// </summary>
    internal void BeginStep(Task stepEnded) => _stepRunning.Value = stepEnded;

    /// <summary>The ids of stored messages that may not be sent yet.</summary>
    internal IReadOnlyCollection<long> Held => _messages.Ids;

    /// <summary>Whether a stored message may not be sent yet.</summary>
    internal bool IsHeld(long outboxId) => _messages.Contains(outboxId);

    /// <summary>Holds a just-stored row (before its transaction commits) until the current request's answer is sent.</summary>
    internal void HoldUntilAnswered(long outboxId) => _messages.HoldUntil(_answerSent.Value, outboxId);

    /// <summary>Lets a held row go (its answer was sent, or its transaction failed).</summary>
    internal void Release(long outboxId) => _messages.Release(outboxId);

    /// <summary>The ids of stored process steps that may not run yet.</summary>
    internal IReadOnlyCollection<long> HeldSteps => _steps.Ids;

    /// <summary>Whether a stored process step may not run yet.</summary>
    internal bool IsStepHeld(long stepId) => _steps.Contains(stepId);

    /// <summary>Holds a just-stored step (before its transaction commits) until the current request's answer is sent.</summary>
    internal void HoldStepUntilAnswered(long stepId) => _steps.HoldUntil(_answerSent.Value, stepId);

    /// <summary>Lets a held step go (its answer was sent, or its transaction failed).</summary>
    internal void ReleaseStep(long stepId) => _steps.Release(stepId);

    /// <summary>Runs <paramref name="action"/> now, or once the current request's answer is sent.</summary>
    internal void AfterAnswer(Action action)
    {
        if (_answerSent.Value is { IsCompleted: false } answerSent)
        {
            answerSent.ContinueWith(_ => action(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }

        action();
    }

    /// <summary>Rows of one table (outbox messages or process steps) held until their request's answer is sent.</summary>
    private sealed class HeldRows(OutboxSignal signal)
    {
        private readonly ConcurrentDictionary<long, byte> _ids = new();

        public IReadOnlyCollection<long> Ids => _ids.IsEmpty ? [] : [.. _ids.Keys];

        public bool Contains(long id) => _ids.ContainsKey(id);

        public void HoldUntil(Task? answerSent, long id)
        {
            if (answerSent is not { IsCompleted: false })
            {
                return;
            }

            _ids[id] = 0;
            answerSent.ContinueWith(_ => Release(id), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        public void Release(long id)
        {
            if (_ids.TryRemove(id, out _))
            {
                signal.Notify();
            }
        }
    }
}
