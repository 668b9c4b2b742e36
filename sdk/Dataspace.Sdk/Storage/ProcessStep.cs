namespace Dataspace.Sdk.Storage;

/// <summary>
/// Work a process still has to do on our side (decide on a request, start a transfer), stored with the change that
/// implies it (<see cref="ProcessEffects.Steps"/>) and claimed by any instance sharing the database, like a message.
/// </summary>
/// <param name="ProcessKind"><c>negotiation</c> or <c>transfer</c>.</param>
/// <param name="ProcessId">Our process id.</param>
/// <param name="Name">What to do (the handler's name, e.g. <c>decide</c>).</param>
public sealed record ProcessStep(string ProcessKind, string ProcessId, string Name)
{
    /// <summary>What the handler needs besides the process (e.g. the step of the state machine that caused it); null when nothing.</summary>
    public string? Argument { get; init; }

    /// <summary>The store's id; 0 before it is stored.</summary>
    public long Id { get; init; }

    /// <summary>How many times running the step failed so far.</summary>
    public int Attempts { get; init; }

    /// <summary>The instance that claimed the step (set by <see cref="IOutboxStore.ClaimStepsAsync"/>); null when unclaimed.</summary>
    public string? ClaimedBy { get; init; }
}
