namespace Dataspace.Connector.FederatedCatalog;

/// <summary>A search over the crawled catalogs: full text and filters, all of which must hold, and the page wanted.</summary>
public sealed record FederatedSearchQuery
{
    /// <summary>The most results one page holds.</summary>
    public const int MaxLimit = 200;

    /// <summary>Words looked for in titles, descriptions and keywords (each word, as a prefix); null or blank for any.</summary>
    public string? Text { get; init; }

    /// <summary>Only members of this subspace.</summary>
    public string? Subspace { get; init; }

    /// <summary>Only this provider (its DID).</summary>
    public string? Provider { get; init; }

    /// <summary>Only datasets of this classification level.</summary>
    public string? Classification { get; init; }

    /// <summary>Only datasets with this media type.</summary>
    public string? MediaType { get; init; }

    /// <summary>Only datasets offered with this transfer type.</summary>
    public string? TransferType { get; init; }

    /// <summary>Only datasets with an offer whose policy has this feature (<see cref="PolicyFeatures"/>).</summary>
    public string? PolicyFeature { get; init; }

    /// <summary>Only registered datasets (true) or only unregistered ones (false); null for both.</summary>
    public bool? Registered { get; init; }

    /// <summary>How many results to skip.</summary>
    public int Offset { get; init; }

    /// <summary>The most results to return (1 to <see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; } = 20;
}
