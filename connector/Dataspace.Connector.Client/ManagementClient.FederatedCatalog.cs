namespace Dataspace.Connector.Client;

/// <content>The federated catalog: search over what the connector crawled from the data space's members.</content>
public sealed partial class ManagementClient
{
    /// <summary>Searches the federated catalog: <paramref name="text"/> in titles, descriptions and keywords (each word as a prefix), with <paramref name="filter"/>.</summary>
    /// <param name="text">The words; null or empty for any dataset.</param>
    /// <param name="filter">The filters; null for none.</param>
    /// <param name="offset">How many results to skip.</param>
    /// <param name="limit">The page size (1 to 200; default 20).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<SearchResults> SearchAsync(string? text, SearchFilter? filter = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        filter ??= new SearchFilter();
        return SendAsync<SearchResults>(HttpMethod.Get, Query("federated-catalog/search",
            ("q", string.IsNullOrWhiteSpace(text) ? null : text), ("subspace", filter.Subspace), ("provider", filter.Provider), ("classification", filter.Classification),
            ("mediaType", filter.MediaType), ("transferType", filter.TransferType), ("policy", filter.PolicyFeature),
            ("registered", filter.Registered is { } registered ? (registered ? "true" : "false") : null), ("offset", offset), ("limit", limit)), null, cancellationToken);
    }

    /// <summary>Crawls the members' catalogs now (after a crawl already running) and returns what it did; members in back-off after a failure are not asked.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<CrawlSummary> CrawlAsync(CancellationToken cancellationToken = default) =>
        SendAsync<CrawlSummary>(HttpMethod.Post, "federated-catalog/crawl", null, cancellationToken);
}
