namespace Dataspace.Connector.Client;

/// <summary>A credential in the connector's wallet; <see cref="State"/> says whether it is usable (e.g. <c>Valid</c>, <c>Expired</c>, <c>Revoked</c>) and <see cref="Reason"/> why not.</summary>
public sealed record WalletCredential(
    string Id,
    IReadOnlyList<string> Types,
    string Issuer,
    string? Subject,
    string? Profile,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    string State,
    string? Reason,
    string? Jwt);
