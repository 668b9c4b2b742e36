namespace Dataspace.Connector.Client;

/// <summary>A member a crawl did not read, and why.</summary>
/// <param name="Did">The member's DID, when known.</param>
/// <param name="Reason">Why it was not read.</param>
public sealed record CrawlSkip(string? Did, string Reason);
