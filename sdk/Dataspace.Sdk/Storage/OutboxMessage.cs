namespace Dataspace.Sdk.Storage;

/// <summary>A DSP message waiting to be sent to a peer, stored in the same transaction as the state change it announces.</summary>
/// <param name="ProcessKind"><c>negotiation</c> or <c>transfer</c>.</param>
/// <param name="ProcessId">Our process id.</param>
/// <param name="MessageType">The DSP @type of the message.</param>
/// <param name="Url">Where to POST it.</param>
/// <param name="Body">The serialised message.</param>
/// <param name="CounterPartyId">The peer's participant id, for its access token.</param>
public sealed record OutboxMessage(string ProcessKind, string ProcessId, string MessageType, string Url, byte[] Body, string CounterPartyId)
{
    /// <summary>What the message's delivery means for the process; stored with it.</summary>
    public OutboxPurpose Purpose { get; init; }

    /// <summary>The store's id; 0 before it is stored.</summary>
    public long Id { get; init; }

    /// <summary>How many times sending failed so far.</summary>
    public int Attempts { get; init; }

    /// <summary>The instance that claimed the message for delivery (set by <see cref="IOutboxStore.ClaimAsync"/>); null when unclaimed.</summary>
    public string? ClaimedBy { get; init; }
}
