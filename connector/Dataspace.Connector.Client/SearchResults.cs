namespace Dataspace.Connector.Client;

/// <summary>One page of federated catalog search results.</summary>
/// <param name="Items">The results.</param>
/// <param name="Offset">The offset of the first.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="NextOffset">The offset of the next page, or null when this is the last.</param>
public sealed record SearchResults(IReadOnlyList<SearchResult> Items, int Offset, int Limit, int? NextOffset);
