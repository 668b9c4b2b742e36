namespace Dataspace.Sdk.Policy;

/// <summary>Where in the connector a policy is evaluated; a constraint applies only in the scopes that can evaluate it.</summary>
[Flags]
public enum PolicyScope
{
    /// <summary>No scope.</summary>
    None = 0,

    /// <summary>Deciding whether an offer is visible in the catalog returned to a requester.</summary>
    Catalog = 1,

    /// <summary>Evaluating an offer or agreement during contract negotiation.</summary>
    Negotiation = 2,

    /// <summary>Starting a transfer process under an agreement.</summary>
    TransferStart = 4,

    /// <summary>Each access to the data through the data plane.</summary>
    DataAccess = 8,

    /// <summary>Use of the data after it has been delivered (retention, deletion, onward use).</summary>
    Usage = 16,

    /// <summary>Proposing or running a compute job under an agreement (what may be computed and released).</summary>
    Compute = 32,

    /// <summary>Every scope.</summary>
    All = Catalog | Negotiation | TransferStart | DataAccess | Usage | Compute,
}
