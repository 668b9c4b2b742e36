namespace Dataspace.Connector.Client;

/// <content>Assets, policies and offers: what a provider publishes.</content>
public sealed partial class ManagementClient
{
    /// <summary>Registers an asset; 409 if its id exists, 400 if no loaded data source handles its address type.</summary>
    public Task<Asset> CreateAssetAsync(AssetInput asset, CancellationToken cancellationToken = default) =>
        SendAsync<Asset>(HttpMethod.Post, "assets", Require(asset), cancellationToken);

    /// <summary>Lists assets, optionally those whose id starts with <paramref name="idPrefix"/>.</summary>
    public Task<Page<Asset>> ListAssetsAsync(int? offset = null, int? limit = null, string? idPrefix = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<Asset>>(HttpMethod.Get, Query("assets", ("offset", offset), ("limit", limit), ("idPrefix", idPrefix)), null, cancellationToken);

    /// <summary>One asset by id.</summary>
    public Task<Asset> GetAssetAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<Asset>(HttpMethod.Get, "assets/" + Escape(id), null, cancellationToken);

    /// <summary>Replaces an asset's properties and data address.</summary>
    public Task<Asset> UpdateAssetAsync(string id, AssetInput asset, CancellationToken cancellationToken = default) =>
        SendAsync<Asset>(HttpMethod.Put, "assets/" + Escape(id), Require(asset), cancellationToken);

    /// <summary>Deletes an asset; 409 while an offer uses it.</summary>
    public Task DeleteAssetAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "assets/" + Escape(id), cancellationToken);

    /// <summary>Stores an ODRL policy after the connector validated it; 400 names the first error's JSON path.</summary>
    public Task<PolicyDefinition> CreatePolicyAsync(PolicyInput policy, CancellationToken cancellationToken = default) =>
        SendAsync<PolicyDefinition>(HttpMethod.Post, "policies", Require(policy), cancellationToken);

    /// <summary>Lists stored policies.</summary>
    public Task<Page<PolicyDefinition>> ListPoliciesAsync(int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<PolicyDefinition>>(HttpMethod.Get, Query("policies", ("offset", offset), ("limit", limit)), null, cancellationToken);

    /// <summary>One stored policy by id.</summary>
    public Task<PolicyDefinition> GetPolicyAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<PolicyDefinition>(HttpMethod.Get, "policies/" + Escape(id), null, cancellationToken);

    /// <summary>Deletes a policy; 409 while an offer uses it.</summary>
    public Task DeletePolicyAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "policies/" + Escape(id), cancellationToken);

    /// <summary>Offers an asset under an access policy and a contract policy.</summary>
    public Task<Offer> CreateOfferAsync(OfferInput offer, CancellationToken cancellationToken = default) =>
        SendAsync<Offer>(HttpMethod.Post, "offers", Require(offer), cancellationToken);

    /// <summary>Lists offers, optionally those of one asset.</summary>
    public Task<Page<Offer>> ListOffersAsync(int? offset = null, int? limit = null, string? assetId = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<Offer>>(HttpMethod.Get, Query("offers", ("offset", offset), ("limit", limit), ("assetId", assetId)), null, cancellationToken);

    /// <summary>One offer by id.</summary>
    public Task<Offer> GetOfferAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<Offer>(HttpMethod.Get, "offers/" + Escape(id), null, cancellationToken);

    /// <summary>Withdraws an offer.</summary>
    public Task DeleteOfferAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "offers/" + Escape(id), cancellationToken);

    private static T Require<T>(T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return value;
    }
}
