namespace Dataspace.Connector.Negotiation;

/// <summary>What <see cref="INegotiationReactions"/> knows about the negotiation it decides for.</summary>
public sealed record NegotiationReactionContext
{
    /// <summary>Our process id (the providerPid).</summary>
    public required string NegotiationId { get; init; }

    /// <summary>The step just reached.</summary>
    public required NegotiationStep Step { get; init; }

    /// <summary>The dataset (asset) negotiated for.</summary>
    public required string AssetId { get; init; }

    /// <summary>The offer the consumer requested.</summary>
    public required string OfferId { get; init; }

    /// <summary>The consumer's participant id.</summary>
    public required string CounterPartyId { get; init; }
}
