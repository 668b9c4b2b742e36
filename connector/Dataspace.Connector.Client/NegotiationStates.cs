namespace Dataspace.Connector.Client;

/// <summary>The DSP names of contract negotiation states.</summary>
public static class NegotiationStates
{
    /// <summary>The consumer asked for an offer.</summary>
    public const string Requested = "REQUESTED";

    /// <summary>The provider made an offer.</summary>
    public const string Offered = "OFFERED";

    /// <summary>The consumer accepted the provider's offer.</summary>
    public const string Accepted = "ACCEPTED";

    /// <summary>The provider sent an agreement.</summary>
    public const string Agreed = "AGREED";

    /// <summary>The consumer verified the agreement.</summary>
    public const string Verified = "VERIFIED";

    /// <summary>Done: an agreement is in force.</summary>
    public const string Finalized = "FINALIZED";

    /// <summary>Done: ended without agreement.</summary>
    public const string Terminated = "TERMINATED";

    /// <summary>Whether a negotiation in <paramref name="state"/> will not change any more.</summary>
    public static bool IsFinal(string state) => state is Finalized or Terminated;
}
