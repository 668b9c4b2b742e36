namespace Dataspace.Connector.Client;

/// <summary>Filters of a federated catalog search; every one given must hold.</summary>
public sealed record SearchFilter
{
    /// <summary>Only members of this subspace.</summary>
    public string? Subspace { get; init; }

    /// <summary>Only this provider (its DID).</summary>
    public string? Provider { get; init; }

    /// <summary>Only this classification level.</summary>
    public string? Classification { get; init; }

    /// <summary>Only datasets with this media type.</summary>
    public string? MediaType { get; init; }

    /// <summary>Only datasets offered with this transfer type.</summary>
    public string? TransferType { get; init; }

    /// <summary>Only datasets with an offer whose policy has this feature (aggregate-only, open, constrained, constraint:NAME, ...).</summary>
    public string? PolicyFeature { get; init; }

    /// <summary>Only datasets with a verified data-product registration record (true), only those without (false); null for both.</summary>
    public bool? Registered { get; init; }
}
