using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;

namespace Dataspace.Conformance.Identity;

/// <summary>
/// One participant the suite plays towards the target: a did:web DID served by the suite, its key, the credentials its
/// Credential Service presents (whatever they are: expired and revoked ones too, so the target has to refuse them itself)
/// and its DSP callback address.
/// </summary>
public sealed class SuitePersona
{
    internal SuitePersona(string name, LocalIdentity identity, IReadOnlyList<string> credentials, Uri credentialService, Uri dspCallback)
    {
        Name = name;
        Identity = identity;
        Credentials = credentials;
        CredentialService = credentialService;
        DspCallback = dspCallback;
    }

    /// <summary>The persona's name (<see cref="SuitePersonas"/>).</summary>
    public string Name { get; }

    /// <summary>The persona's DID.</summary>
    public string Did => Identity.Did;

    /// <summary>Its DID document and signer.</summary>
    public LocalIdentity Identity { get; }

    /// <summary>The credential JWTs it holds.</summary>
    public IReadOnlyList<string> Credentials { get; }

    /// <summary>Base URL of its Credential Service (listed in its DID document).</summary>
    public Uri CredentialService { get; }

    /// <summary>Where the target sends DSP messages for this persona (its <c>callbackAddress</c>).</summary>
    public Uri DspCallback { get; }

    /// <summary>
    /// A DCP Self-Issued ID token for the target (iss = sub = this persona, aud = <paramref name="audienceDid"/>) carrying an
    /// access token that lets the target read this persona's credentials of the given types. <paramref name="alter"/> changes
    /// the claims before signing (token negatives); <paramref name="signingKey"/> and <paramref name="keyId"/> replace the
    /// persona's key and its id in the header.
    /// </summary>
    public string CreateToken(
        string audienceDid, DateTimeOffset now, IEnumerable<string> credentialTypes, Action<JsonObject>? alter = null,
        SigningKey? signingKey = null, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(credentialTypes);
        var claims = new JsonObject
        {
            ["iss"] = Did,
            ["sub"] = Did,
            ["aud"] = audienceDid,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TimeSpan.FromMinutes(2)).ToUnixTimeSeconds(),
            ["token"] = CreateAccessToken(audienceDid, now, credentialTypes),
        };
        alter?.Invoke(claims);
        return CompactJws.Sign(claims, signingKey ?? Identity.Signer.Key, keyId ?? Identity.Signer.KeyId);
    }

    /// <summary>An access token for this persona's Credential Service, issued by the persona to <paramref name="verifierDid"/>.</summary>
    public string CreateAccessToken(string verifierDid, DateTimeOffset now, IEnumerable<string> credentialTypes)
    {
        ArgumentNullException.ThrowIfNull(credentialTypes);
        var access = new JsonObject
        {
            ["iss"] = Did,
            ["sub"] = verifierDid,
            ["aud"] = Did,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
            ["scope"] = string.Join(' ', credentialTypes.Select(t => DcpScopes.ForType(t))),
        };
        return Identity.Signer.Sign(access, "JWT");
    }

    /// <summary>The presentations this persona answers a query for the given types with: one per credential profile.</summary>
    internal IReadOnlyList<string> Present(string verifierDid, IReadOnlyCollection<string> requestedTypes, DateTimeOffset now)
    {
        var held = new List<(string Jwt, CredentialProfile Profile)>();
        foreach (var jwt in Credentials)
        {
            if (ParsedCredential.TryParse(jwt, out var parsed, out _) && parsed.Types.Any(requestedTypes.Contains))
            {
                held.Add((jwt, parsed.Profile));
            }
        }

        return [.. held.GroupBy(c => c.Profile).OrderBy(g => g.Key)
            .Select(g => JwtPresentations.Create(Identity.Signer, verifierDid, g.Select(c => c.Jwt), g.Key, now, TimeSpan.FromMinutes(2)))];
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Did})";
}
