namespace Dataspace.Connector.Negotiation;

/// <summary>The kinds of <see cref="NegotiationReaction"/>.</summary>
public enum NegotiationReactionKind
{
    /// <summary>See <see cref="NegotiationReaction.Proceed"/>.</summary>
    Proceed,

    /// <summary>See <see cref="NegotiationReaction.Offer"/>.</summary>
    Offer,

    /// <summary>See <see cref="NegotiationReaction.Wait"/>.</summary>
    Wait,

    /// <summary>See <see cref="NegotiationReaction.Terminate(string)"/>.</summary>
    Terminate,

    /// <summary>See <see cref="NegotiationReaction.Accept"/>.</summary>
    Accept,
}
