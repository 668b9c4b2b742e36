namespace Dataspace.Sdk.Storage;

/// <summary>
/// Delivers the messages process changes stored (<see cref="ProcessEffects.Messages"/>): connector instances sharing one
/// database claim due messages, send them, and complete, reschedule or abandon each one.
/// The same claiming runs the process steps changes stored (<see cref="ProcessEffects.Steps"/>).
/// </summary>
/// <remarks>
/// <para>A message is claimed by one instance at a time; a process has at most one message in flight and its messages are
/// claimed in the order they were stored (a later one waits until the earlier one is completed or abandoned), so a peer
/// sees a process's messages in order. Messages held back by <see cref="IOutboxHold"/> are not claimable (but still keep
/// their process's later messages waiting).</para>
/// <para>Claims of an instance that stopped without settling them must become claimable again through the database
/// itself, never through a time-out (a slow delivery is not a dead instance): e.g. PostgreSQL ties an instance's claims to
/// its session (a session advisory lock on the instance id; claims of instances whose lock is free are released), and the
/// embedded SQLite database, used by one process, releases every claim in <see cref="IStorageLifecycle.MigrateAsync"/>.
/// The same holds for steps: a step stays claimed while its handler runs, however long, and only the database frees it.</para>
/// <para>Steps are claimed in the order they were stored; unlike messages, several steps of one process may run at once
/// (their handlers check the process's state and move it only from the state they saw).</para>
/// </remarks>
public interface IOutboxStore
{
    /// <summary>Claims up to <paramref name="limit"/> messages due at <paramref name="now"/> for <paramref name="instanceId"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string instanceId, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Removes a delivered message (a no-op when it was withdrawn meanwhile), letting its process's next one go.</summary>
    Task CompleteAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Releases a message whose delivery failed for another attempt at <paramref name="nextAttemptAt"/>, counting the attempt.</summary>
    Task RescheduleAsync(OutboxMessage message, DateTimeOffset nextAttemptAt, string failure, CancellationToken cancellationToken);

    /// <summary>Removes a message that will not be delivered (attempts exhausted, or refused for good).</summary>
    Task AbandonAsync(OutboxMessage message, string reason, CancellationToken cancellationToken);

    /// <summary>Whether a message of <paramref name="messageType"/> (of any type when null) for the process still waits to be delivered (claimed or not).</summary>
    Task<bool> IsPendingAsync(string processId, string? messageType, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a message of <paramref name="messageType"/> for the process is claimed right now: being sent, its answer not
    /// recorded yet (so the peer may have it already), as opposed to waiting for its first or next attempt.
    /// </summary>
    /// <remarks>A store that cannot tell answers whether the message is pending (the default), which errs on "may have it".</remarks>
    Task<bool> IsClaimedAsync(string processId, string messageType, CancellationToken cancellationToken) => IsPendingAsync(processId, messageType, cancellationToken);

    /// <summary>
    /// Makes an unclaimed message of <paramref name="messageType"/> for the process due at <paramref name="now"/> (a no-op
    /// when there is none, or it is claimed), cutting short its back-off: something showed its outcome is wanted now.
    /// </summary>
    /// <remarks>A store that cannot do it leaves the message to its schedule (the default).</remarks>
    Task ExpediteAsync(string processId, string messageType, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Returns when there may be new work: a message or step was stored or released (by any instance sharing the database), the
    /// next scheduled one falls due, or a while (at most <paramref name="idle"/>) passed. Cancelled with the token.
    /// </summary>
    Task WaitForWorkAsync(DateTimeOffset now, TimeSpan idle, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="limit"/> steps due at <paramref name="now"/> for <paramref name="instanceId"/>, oldest first (held ones excepted).</summary>
    Task<IReadOnlyList<ProcessStep>> ClaimStepsAsync(string instanceId, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="messageLimit"/> due messages and up to <paramref name="stepLimit"/> due steps for
    /// <paramref name="instanceId"/> at once, as <see cref="ClaimAsync"/> and <see cref="ClaimStepsAsync"/> would (a limit of 0 claims none of that kind).
    /// </summary>
    /// <remarks>
    /// The worker calls this once per wake-up: a store that can claims both kinds in one round trip to its database
    /// (the default calls the two claims one after the other). A store may also hand its own instance work that instance
    /// already holds (e.g. messages held until a DSP answer it just sent) without releasing it to every instance first.
    /// </remarks>
    async Task<OutboxWork> ClaimWorkAsync(string instanceId, DateTimeOffset now, int messageLimit, int stepLimit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(stepLimit);
        var messages = messageLimit > 0 ? await ClaimAsync(instanceId, now, messageLimit, cancellationToken).ConfigureAwait(false) : [];
        var steps = stepLimit > 0 ? await ClaimStepsAsync(instanceId, now, stepLimit, cancellationToken).ConfigureAwait(false) : [];
        return messages.Count + steps.Count == 0 ? OutboxWork.None : new OutboxWork(messages, steps);
    }

    /// <summary>Stores a step that no process change implies (e.g. a reaction to a delivered message), due at <paramref name="dueAt"/>.</summary>
    /// <remarks>Held like a step stored with a change while a request's answer is pending (<see cref="IOutboxHold"/>).</remarks>
    Task ScheduleStepAsync(ProcessStep processStep, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>Removes a step that has run (a no-op when it is gone).</summary>
    Task CompleteStepAsync(ProcessStep processStep, CancellationToken cancellationToken);

    /// <summary>Releases a step whose handler failed for another try at <paramref name="nextAttemptAt"/>, counting the attempt.</summary>
    Task RescheduleStepAsync(ProcessStep processStep, DateTimeOffset nextAttemptAt, string failure, CancellationToken cancellationToken);
}
