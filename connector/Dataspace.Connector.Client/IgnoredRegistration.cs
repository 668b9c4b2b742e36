namespace Dataspace.Connector.Client;

/// <summary>A dataset whose registration record a crawl did not trust: it is indexed as not registered.</summary>
/// <param name="Provider">The provider's DID.</param>
/// <param name="DatasetId">The dataset's id.</param>
/// <param name="Reason">Why the record was ignored.</param>
public sealed record IgnoredRegistration(string Provider, string DatasetId, string Reason);
