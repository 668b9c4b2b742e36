namespace Dataspace.Connector.Client;

/// <content>Data-product registration: register an asset with the joined data space's registration centre.</content>
public sealed partial class ManagementClient
{
    /// <summary>
    /// Registers the asset <paramref name="assetId"/> with the authority the connector joined; the signed record is stored
    /// with the asset and its catalog carries it from then on. 4xx says why it was refused.
    /// </summary>
    public Task<ProductRegistration> RegisterProductAsync(string assetId, ProductRegistrationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SendAsync<ProductRegistration>(HttpMethod.Post, "assets/" + Escape(assetId) + "/registration", input, cancellationToken);
    }
}
