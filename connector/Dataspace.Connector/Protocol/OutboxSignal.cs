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
    private readonly ConcurrentDictionary<long, byte> _held = new();
    private readonly ConcurrentDictionary<long, byte> _heldSteps = new();

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

    /// <summary>Waits for a notification or the time-out.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>
    /// From here on in this asynchronous flow (one inbound request), outbox rows and protocol work wait for
    /// <paramref name="answerSent"/>, which completes once the answer has been written.
    /// </summary>
    internal void BeginRequest(Task answerSent) => _answerSent.Value = answerSent;

    /// <summary>The ids of stored messages that may not be sent yet.</summary>
    internal IReadOnlyCollection<long> Held => _held.IsEmpty ? [] : [.. _held.Keys];

    /// <summary>Whether a stored message may not be sent yet.</summary>
    internal bool IsHeld(long outboxId) => _held.ContainsKey(outboxId);

    /// <summary>Holds a just-stored row (before its transaction commits) until the current request's answer is sent.</summary>
    internal void HoldUntilAnswered(long outboxId)
    {
        if (_answerSent.Value is not { IsCompleted: false } answerSent)
        {
            return;
        }

        _held[outboxId] = 0;
        answerSent.ContinueWith(_ => Release(outboxId), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Lets a held row go (its answer was sent, or its transaction failed).</summary>
    internal void Release(long outboxId)
    {
        if (_held.TryRemove(outboxId, out _))
        {
            Notify();
        }
    }

    /// <summary>The ids of stored process steps that may not run yet.</summary>
    internal IReadOnlyCollection<long> HeldSteps => _heldSteps.IsEmpty ? [] : [.. _heldSteps.Keys];

    /// <summary>Whether a stored process step may not run yet.</summary>
    internal bool IsStepHeld(long stepId) => _heldSteps.ContainsKey(stepId);

    /// <summary>Holds a just-stored step (before its transaction commits) until the current request's answer is sent.</summary>
    internal void HoldStepUntilAnswered(long stepId)
    {
        if (_answerSent.Value is not { IsCompleted: false } answerSent)
        {
            return;
        }

        _heldSteps[stepId] = 0;
        answerSent.ContinueWith(_ => ReleaseStep(stepId), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Lets a held step go (its answer was sent, or its transaction failed).</summary>
    internal void ReleaseStep(long stepId)
    {
        if (_heldSteps.TryRemove(stepId, out _))
        {
            Notify();
        }
    }

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
}
