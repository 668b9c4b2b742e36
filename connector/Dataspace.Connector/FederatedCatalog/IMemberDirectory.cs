namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Lists the data space's members whose catalogs the crawler reads (a configured list, a participant registry).</summary>
/// <remarks>Called once per crawl, never concurrently with itself. A member missing from a listing leaves the search index.</remarks>
public interface IMemberDirectory
{
    /// <summary>The members to crawl now; throws only when the directory itself cannot be read (then the crawl keeps what it has).</summary>
    Task<MemberListing> ListAsync(CancellationToken cancellationToken);
}
