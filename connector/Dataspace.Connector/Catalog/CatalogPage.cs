namespace Dataspace.Connector.Catalog;

/// <summary>One page of a requester's catalog and the continuation tokens of its neighbours, if any.</summary>
/// <param name="Catalog">The catalog holding this page's datasets.</param>
/// <param name="Next">The token of the following page.</param>
/// <param name="Previous">The token of the preceding page.</param>
public sealed record CatalogPage(Dataspace.Dsp.Catalog Catalog, string? Next, string? Previous);
