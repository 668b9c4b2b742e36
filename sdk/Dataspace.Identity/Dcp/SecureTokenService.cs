using System.Text.Json.Nodes;

namespace Dataspace.Identity.Dcp;

/// <summary>The embedded Secure Token Service: makes this participant's Self-Issued ID tokens and the access tokens inside them.</summary>
public sealed class SecureTokenService
{
    private readonly ILocalIdentityProvider _identity;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;

    /// <summary>Creates the service.</summary>
    public SecureTokenService(ILocalIdentityProvider identity, TimeProvider time, IdentityOptions options)
    {
        _identity = identity;
        _time = time;
        _options = options;
    }

    /// <summary>A Self-Issued ID token for the audience (iss = sub = our DID), optionally carrying a <c>token</c> claim.</summary>
    public string CreateIdToken(string audienceDid, string? token = null)
    {
        var identity = _identity.Current;
        var now = _time.GetUtcNow();
        var claims = new JsonObject
        {
            ["iss"] = identity.Did,
            ["sub"] = identity.Did,
            ["aud"] = audienceDid,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + _options.IssuedTokenLifetime).ToUnixTimeSeconds(),
        };
        if (token is not null)
        {
            claims["token"] = token;
        }

        return identity.Signer.Sign(claims, "JWT");
    }

    /// <summary>
    /// The token a consumer sends with a DSP request: a Self-Issued ID token for the verifier whose <c>token</c> claim is an
    /// access token allowing that verifier to read our credentials of the given types from our Credential Service.
    /// </summary>
    public string CreateTokenForVerifier(string verifierDid, IEnumerable<string> credentialTypes)
    {
        ArgumentNullException.ThrowIfNull(credentialTypes);
        var identity = _identity.Current;
        var now = _time.GetUtcNow();
        var access = new JsonObject
        {
            ["iss"] = identity.Did,
            ["sub"] = verifierDid,
            ["aud"] = identity.Did,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + _options.IssuedTokenLifetime).ToUnixTimeSeconds(),
            ["scope"] = string.Join(' ', credentialTypes.Select(t => DcpScopes.ForType(t, _options.ScopeAlias))),
        };
        return CreateIdToken(verifierDid, identity.Signer.Sign(access, "JWT"));
    }
}
