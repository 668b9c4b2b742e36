namespace Dataspace.Connector.FederatedCatalog;

/// <summary>The crawler's view of the members: each member's state and the last crawl's report.</summary>
/// <param name="Enabled">Whether this connector crawls on its own every period.</param>
/// <param name="Members">Each member known to the index.</param>
/// <param name="LastCrawl">The last crawl's report, or null before the first since start-up.</param>
public sealed record FederatedMembersResponse(bool Enabled, IReadOnlyList<MemberCrawlState> Members, CrawlReport? LastCrawl);
