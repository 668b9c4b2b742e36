namespace Dataspace.Sdk.Storage;

/// <summary>Offers (an asset with an access and a contract policy), indexed by the keys their access policy needs (<see cref="IOfferAccessIndex"/>).</summary>
/// <remarks>Offers and policies are immutable once stored (a policy in use cannot be deleted), so an offer's keys stay true while it exists.</remarks>
public interface IOfferStore
{
    /// <summary>Adds an offer with its index keys; the reason (naming the id to fix) when the id is taken or the asset or a policy is unknown.</summary>
    Task<string?> CreateAsync(OfferDefinition offer, CancellationToken cancellationToken);

    /// <summary>One offer, or null.</summary>
    Task<OfferDefinition?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of offers ordered by id (ordinal), optionally only those of one asset.</summary>
    Task<Page<OfferDefinition>> ListAsync(PageRequest page, string? assetId, CancellationToken cancellationToken);

    /// <summary>Deletes an offer and its index keys; false when unknown.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Recomputes the keys of offers indexed under another fingerprint or not at all; returns how many were updated.</summary>
    Task<int> RefreshStaleAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Streams the offers a catalog page may show with their asset's properties and policies, ordered by asset id then
    /// offer id (descending with <see cref="CatalogOfferQuery.Before"/>); the caller stops reading once its page is full.
    /// </summary>
    IAsyncEnumerable<CatalogOffer> ReadCatalogAsync(CatalogOfferQuery query, CancellationToken cancellationToken);
}
