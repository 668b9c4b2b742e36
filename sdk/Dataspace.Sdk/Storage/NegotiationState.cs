namespace Dataspace.Sdk.Storage;

/// <summary>The DSP contract negotiation states, with spaced codes so states can be added between them.</summary>
public enum NegotiationState
{
    /// <summary>The consumer requested an agreement for an offer.</summary>
    Requested = 100,

    /// <summary>The provider sent an offer.</summary>
    Offered = 200,

    /// <summary>The consumer accepted the latest offer.</summary>
    Accepted = 300,

    /// <summary>The provider sent an agreement.</summary>
    Agreed = 400,

    /// <summary>The consumer verified the agreement.</summary>
    Verified = 500,

    /// <summary>The provider finalized the agreement; data may flow.</summary>
    Finalized = 600,

    /// <summary>Either party ended the negotiation (terminal).</summary>
    Terminated = 900,
}
