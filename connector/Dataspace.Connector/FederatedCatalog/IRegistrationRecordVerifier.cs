namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Verifies the data-product registration record a dataset of a member's catalog carries (<see cref="Catalog.DataProductTerms.Record"/>).</summary>
/// <remarks>Called concurrently, once per dataset with a record at each crawl; must not throw for a bad record (it returns the reason).</remarks>
public interface IRegistrationRecordVerifier
{
    /// <summary>
    /// Whether <paramref name="record"/> is a registration of <paramref name="datasetId"/> of <paramref name="providerDid"/>
    /// by a trusted authority, valid now and not revoked.
    /// </summary>
    Task<RegistrationCheck> VerifyAsync(string record, string providerDid, string datasetId, CancellationToken cancellationToken);
}
