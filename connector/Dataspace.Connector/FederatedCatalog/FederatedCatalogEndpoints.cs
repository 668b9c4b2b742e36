using Dataspace.Connector.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Management API: search over the crawled catalogs of the data space's members, and the crawler's state.</summary>
internal static class FederatedCatalogEndpoints
{
    // Longer queries are not searches someone typed; the bound keeps the FTS expression small.
    private const int MaxQueryLength = 512;

    /// <summary>Maps <c>/federated-catalog/*</c> in the management API's group.</summary>
    public static RouteGroupBuilder MapFederatedCatalog(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/federated-catalog").WithTags("Federated catalog");
        group.MapGet("/search", async (string? q, string? subspace, string? provider, string? classification, string? mediaType, string? transferType, string? policy, bool? registered,
            int? offset, int? limit, IFederatedCatalogStore store, CancellationToken ct) =>
        {
            if (q?.Length > MaxQueryLength)
            {
                return ManagementResults.BadRequest($"'q' has {q.Length} characters; at most {MaxQueryLength} are searched for");
            }

            if (offset < 0 || limit is < 1 or > FederatedSearchQuery.MaxLimit)
            {
                return ManagementResults.BadRequest($"'offset' must be 0 or more and 'limit' between 1 and {FederatedSearchQuery.MaxLimit}");
            }

            var query = new FederatedSearchQuery
            {
                Text = q,
                Subspace = subspace,
                Provider = provider,
                Classification = classification,
                MediaType = mediaType,
                TransferType = transferType,
                PolicyFeature = policy,
                Registered = registered,
                Offset = offset ?? 0,
                Limit = limit ?? 20,
            };
            return Results.Ok(await store.SearchAsync(query, ct).ConfigureAwait(false));
        }).WithName("searchFederatedCatalog")
          .WithSummary("Searches the datasets crawled from the members' catalogs: words in titles, descriptions and keywords (each as a prefix), filtered by subspace, provider (DID), classification, media type, transfer type, registration (registered=true: only datasets with a verified data-product registration record) and policy feature (aggregate-only, open, constrained, constraint:NAME, action:NAME, prohibition:NAME, duty:NAME).");

        group.MapGet("/members", async (IFederatedCatalogStore store, CatalogCrawler crawler, IOptionsMonitor<FederatedCatalogOptions> options, CancellationToken ct) =>
        {
            var members = await store.GetMembersAsync(ct).ConfigureAwait(false);
            return Results.Ok(new FederatedMembersResponse(options.CurrentValue.Enabled, [.. members.Values.OrderBy(m => m.Did, StringComparer.Ordinal)], crawler.LastReport));
        }).WithName("listFederatedMembers").WithSummary("The members whose catalogs are crawled: what is indexed of each, failures and back-off, and the last crawl's report.");

        group.MapPost("/crawl", async (CatalogCrawler crawler, CancellationToken ct) => Results.Ok(await crawler.CrawlAsync(ct).ConfigureAwait(false)))
            .WithName("crawlFederatedCatalog").WithSummary("Crawls the members' catalogs now (after a crawl already running) and returns what it did.");
        return api;
    }
}
