using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Dcp;

/// <summary>A Self-Issued ID token that passed validation.</summary>
public sealed record SelfIssuedToken
{
    /// <summary>The caller's DID (iss = sub).</summary>
    public required string Issuer { get; init; }

    /// <summary>The token id.</summary>
    public required string Jti { get; init; }

    /// <summary>When the token expires.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The <c>token</c> claim (an access token for the caller's Credential Service), if present.</summary>
    public string? AccessToken { get; init; }

    /// <summary>The parsed JWS.</summary>
    public required JwsToken Jws { get; init; }
}
