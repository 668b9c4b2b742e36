namespace Dataspace.Sdk.Storage;

/// <summary>Which offers a catalog reads, in order of asset id then offer id (both descending with <see cref="Before"/>).</summary>
public sealed record CatalogOfferQuery
{
    /// <summary>The requester's keys: only offers indexed under one of them (or not indexed yet); null reads every offer.</summary>
    public IReadOnlySet<string>? RequesterKeys { get; init; }

    /// <summary>Only the offers of this asset.</summary>
    public string? AssetId { get; init; }

    /// <summary>Only assets ordered after this id.</summary>
    public string? After { get; init; }

    /// <summary>Only assets ordered before this id, read backwards (nearest first).</summary>
    public string? Before { get; init; }
}
