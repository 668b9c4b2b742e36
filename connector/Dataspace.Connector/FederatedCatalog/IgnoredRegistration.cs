namespace Dataspace.Connector.FederatedCatalog;

/// <summary>A dataset whose registration record was not trusted at a crawl: indexed as not registered.</summary>
/// <param name="Provider">The member's DID.</param>
/// <param name="DatasetId">The dataset's id.</param>
/// <param name="Reason">Why the record was ignored (forged, another dataset's, revoked, expired, ...).</param>
public sealed record IgnoredRegistration(string Provider, string DatasetId, string Reason);
