using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Storage;

/// <summary>Keeps the secret properties of assets' data addresses encrypted in whichever store the provider gives (<see cref="StoredSecrets"/>).</summary>
internal sealed class ProtectedAssetStore : IAssetStore
{
    private readonly IAssetStore _inner;
    private readonly StoredSecrets _secrets;

    public ProtectedAssetStore(IAssetStore inner, StoredSecrets secrets)
    {
        _inner = inner;
        _secrets = secrets;
    }

    public Task<bool> CreateAsync(Asset asset, CancellationToken cancellationToken) =>
        _inner.CreateAsync(asset with { DataAddress = _secrets.Protect(asset.DataAddress) }, cancellationToken);

    public Task<bool> UpdateAsync(Asset asset, CancellationToken cancellationToken) =>
        _inner.UpdateAsync(asset with { DataAddress = _secrets.Protect(asset.DataAddress) }, cancellationToken);

    public async Task<Asset?> GetAsync(string id, CancellationToken cancellationToken) =>
        Unprotect(await _inner.GetAsync(id, cancellationToken).ConfigureAwait(false));

    public async Task<Page<Asset>> ListAsync(PageRequest page, string? idPrefix, CancellationToken cancellationToken)
    {
        var result = await _inner.ListAsync(page, idPrefix, cancellationToken).ConfigureAwait(false);
        return result with { Items = [.. result.Items.Select(a => Unprotect(a)!)] };
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => _inner.DeleteAsync(id, cancellationToken);

    private Asset? Unprotect(Asset? asset) => asset is null ? null : asset with { DataAddress = _secrets.Unprotect(asset.DataAddress) };
}
