namespace Dataspace.Connector.Negotiation;

/// <summary>The point in a provider's negotiation at which <see cref="INegotiationReactions"/> is asked.</summary>
public enum NegotiationStep
{
    /// <summary>A consumer's first request was stored (state REQUESTED).</summary>
    Requested,

    /// <summary>We answered a request with our offer (state OFFERED); by default we wait for the consumer.</summary>
    Offered,

    /// <summary>A consumer's counter-request to our offer was stored (state REQUESTED).</summary>
    CounterRequested,

    /// <summary>The consumer accepted our offer (state ACCEPTED).</summary>
    Accepted,

    /// <summary>The consumer verified our agreement (state VERIFIED).</summary>
    Verified,

    /// <summary>Consumer: the provider answered our first request (state REQUESTED); by default we wait for its offer or agreement.</summary>
    ProviderAnswered,

    /// <summary>Consumer: the provider's offer was stored (state OFFERED); by default our operator accepts, counters or terminates.</summary>
    OfferReceived,

    /// <summary>Consumer: the provider's agreement arrived (checked against the offer); by default we verify it.</summary>
    AgreementReceived,
}
