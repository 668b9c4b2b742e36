namespace Dataspace.Connector.FederatedCatalog;

/// <summary>A directory entry that is not crawled, and why.</summary>
/// <param name="Did">The member's DID, when the entry names one.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedMember(string? Did, string Reason);
