namespace Dataspace.Sdk.Storage;

/// <summary>Assets a provider shares.</summary>
/// <remarks>The host stores data addresses' secret properties encrypted by wrapping this port; an implementation stores what it is given.</remarks>
public interface IAssetStore
{
    /// <summary>Adds an asset; false when the id is taken.</summary>
    Task<bool> CreateAsync(Asset asset, CancellationToken cancellationToken);

    /// <summary>Replaces an asset's properties and address; false when unknown.</summary>
    Task<bool> UpdateAsync(Asset asset, CancellationToken cancellationToken);

    /// <summary>One asset, or null.</summary>
    Task<Asset?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of assets ordered by id (ordinal), optionally those whose id starts with <paramref name="idPrefix"/>.</summary>
    Task<Page<Asset>> ListAsync(PageRequest page, string? idPrefix, CancellationToken cancellationToken);

    /// <summary>Deletes an asset; false when unknown or still named by an offer.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
