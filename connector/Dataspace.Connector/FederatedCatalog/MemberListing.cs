namespace Dataspace.Connector.FederatedCatalog;

/// <summary>What a member directory lists: the members to crawl and the entries it skipped, each with its reason.</summary>
/// <param name="Members">Active members, each DID once.</param>
/// <param name="Skipped">Entries left out (revoked, invalid, unverifiable) with why.</param>
public sealed record MemberListing(IReadOnlyList<CatalogMember> Members, IReadOnlyList<SkippedMember> Skipped);
