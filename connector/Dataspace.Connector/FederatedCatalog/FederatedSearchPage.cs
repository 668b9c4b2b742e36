namespace Dataspace.Connector.FederatedCatalog;

/// <summary>One page of search results.</summary>
/// <param name="Items">The results.</param>
/// <param name="Offset">The offset of the first result.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="NextOffset">The offset of the following page, or null when this is the last.</param>
public sealed record FederatedSearchPage(IReadOnlyList<FederatedSearchHit> Items, int Offset, int Limit, int? NextOffset);
