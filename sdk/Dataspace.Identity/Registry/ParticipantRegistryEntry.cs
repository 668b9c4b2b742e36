namespace Dataspace.Identity.Registry;

/// <summary>One member of a data space as its authority's participant registry lists it (the payload of a signed entry).</summary>
/// <param name="Did">The member's DID (the entry's <c>sub</c>).</param>
/// <param name="Name">The member's legal name.</param>
/// <param name="DspEndpoint">The member's Dataspace Protocol endpoint; equals the <c>DataService</c> entry of its DID document.</param>
/// <param name="Subspaces">The subspaces the member was approved for.</param>
/// <param name="Status">See <see cref="ParticipantStatuses"/>: <c>active</c> or <c>revoked</c>.</param>
/// <param name="IssuedAt">When the authority signed the entry (<c>iat</c>).</param>
/// <param name="ExpiresAt">When the entry stops being valid (<c>exp</c>).</param>
public sealed record ParticipantRegistryEntry(
    string Did,
    string Name,
    string DspEndpoint,
    IReadOnlyList<string> Subspaces,
    string Status,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
