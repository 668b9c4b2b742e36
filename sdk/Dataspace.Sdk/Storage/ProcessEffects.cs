namespace Dataspace.Sdk.Storage;

/// <summary>
/// What a process change does besides moving the process, stored in the same transaction: the messages it sends, the
/// agreement it creates, the waiting messages it withdraws. Either all of it is stored with the change or none of it.
/// </summary>
public sealed record ProcessEffects
{
    /// <summary>No effects: the change alone.</summary>
    public static ProcessEffects None { get; } = new();

    /// <summary>Messages to send (in this order) once the change is stored.</summary>
    public IReadOnlyList<OutboxMessage> Messages { get; init; } = [];

    /// <summary>Work the change implies on our side, due at once (after the answer to the current request, see <see cref="IOutboxHold"/>).</summary>
    public IReadOnlyList<ProcessStep> Steps { get; init; } = [];

    /// <summary>An agreement the change creates (a negotiation moving to AGREED); stored with it or not at all.</summary>
    /// <remarks>An agreement whose id, or whose negotiation's agreement, is stored already fails the whole operation.</remarks>
    public ContractAgreementRecord? Agreement { get; init; }

    /// <summary>
    /// A claimed step (<see cref="IOutboxStore.ClaimStepsAsync"/>) whose work this change is: removed in the same transaction
    /// (a no-op when it is gone), so the step neither runs again after the change nor costs a commit of its own.
    /// </summary>
    public ProcessStep? CompletedStep { get; init; }

    /// <summary>Withdraw every message still waiting for this process (it ended) before the new ones are stored.</summary>
    public bool DiscardPending { get; init; }

    /// <summary>Withdraw the process's waiting messages of these types (superseded by what the peer told us meanwhile).</summary>
    public IReadOnlyList<string> DiscardPendingTypes { get; init; } = [];

    /// <summary>The effects of sending <paramref name="message"/> (none when null).</summary>
    public static ProcessEffects Send(OutboxMessage? message) => message is null ? None : new() { Messages = [message] };

    /// <summary>The effects of doing <paramref name="step"/> next.</summary>
    public static ProcessEffects Then(ProcessStep step) => new() { Steps = [step] };
}
