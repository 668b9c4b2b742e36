namespace Dataspace.Connector.Negotiation;

/// <summary>The provider's reaction at a <see cref="NegotiationStep"/>.</summary>
public sealed record NegotiationReaction
{
    private NegotiationReaction(NegotiationReactionKind kind, string? reason)
    {
        Kind = kind;
        Reason = reason;
    }

    /// <summary>What to do.</summary>
    public NegotiationReactionKind Kind { get; }

    /// <summary>Why, for <see cref="NegotiationReactionKind.Terminate"/>; sent to the consumer.</summary>
    public string? Reason { get; }

    /// <summary>Proceed as the engine does: decide by the contract policy (agree or terminate), or finalize a verified agreement.</summary>
    public static NegotiationReaction Proceed { get; } = new(NegotiationReactionKind.Proceed, null);

    /// <summary>
    /// Provider: send the requested offer back as our offer (REQUESTED to OFFERED) and wait for the consumer's answer.
    /// Consumer: send the provider's offer back as our counter-request (OFFERED to REQUESTED).
    /// </summary>
    public static NegotiationReaction Offer { get; } = new(NegotiationReactionKind.Offer, null);

    /// <summary>Consumer: accept the provider's offer (OFFERED to ACCEPTED).</summary>
    public static NegotiationReaction Accept { get; } = new(NegotiationReactionKind.Accept, null);

    /// <summary>Do nothing now; the consumer or our operator moves the negotiation on.</summary>
    public static NegotiationReaction Wait { get; } = new(NegotiationReactionKind.Wait, null);

    /// <summary>Terminate the negotiation and tell the consumer why.</summary>
    public static NegotiationReaction Terminate(string reason) => new(NegotiationReactionKind.Terminate, reason);
}
