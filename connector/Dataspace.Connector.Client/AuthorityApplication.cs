namespace Dataspace.Connector.Client;

/// <summary>An application to join a data space, as the authority's operator reviews it.</summary>
/// <param name="Id">The application's id.</param>
/// <param name="Did">The applicant's DID.</param>
/// <param name="Status"><c>pending</c>, <c>approved</c>, <c>rejected</c> or <c>revoked</c>.</param>
/// <param name="Reason">Why it was rejected or revoked, or why a pending one waits for the operator.</param>
/// <param name="CredentialTypes">The credential types the member may request (none unless approved).</param>
/// <param name="LegalName">The enterprise's registered name.</param>
/// <param name="RegistrationId">The registry id (scheme <c>USCC</c> or another registry's name, and the value).</param>
/// <param name="Contact">Who the authority contacts.</param>
/// <param name="Subspaces">The subspaces applied for.</param>
/// <param name="DspEndpoint">The applicant's DSP endpoint.</param>
/// <param name="CreatedAt">When it applied.</param>
/// <param name="DecidedAt">When it was decided, if it was.</param>
public sealed record AuthorityApplication(
    string Id,
    string Did,
    string Status,
    string? Reason,
    IReadOnlyList<string> CredentialTypes,
    string LegalName,
    JoinRegistrationId RegistrationId,
    JoinContact Contact,
    IReadOnlyList<string> Subspaces,
    string DspEndpoint,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt);
