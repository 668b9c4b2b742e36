using System.Text.Json.Nodes;

namespace Dataspace.Identity.Credentials;

/// <summary>Wraps credential JWTs in a presentation JWT signed by the holder, in either DCP profile.</summary>
public static class JwtPresentations
{
    /// <summary>Signs a presentation of the credentials for the audience (the verifier's DID), valid from now for the lifetime.</summary>
    public static string Create(
        DidSigner holder, string audience, IEnumerable<string> credentialJwts, CredentialProfile profile, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(credentialJwts);
        var id = "urn:uuid:" + Guid.NewGuid();
        var claims = new JsonObject
        {
            ["iss"] = holder.Did,
            ["sub"] = holder.Did,
            ["aud"] = audience,
            ["jti"] = id,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        };
        if (profile == CredentialProfile.Vc11StatusList2021)
        {
            claims["vp"] = new JsonObject
            {
                ["@context"] = new JsonArray(CredentialProfiles.Vc11Context),
                ["type"] = new JsonArray("VerifiablePresentation"),
                ["holder"] = holder.Did,
                ["verifiableCredential"] = new JsonArray([.. credentialJwts.Select(j => (JsonNode?)JsonValue.Create(j))]),
            };
            return holder.Sign(claims, "JWT");
        }

        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray(CredentialProfiles.Vc20Context),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = holder.Did,
            ["verifiableCredential"] = new JsonArray([.. credentialJwts.Select(j => (JsonNode?)new JsonObject
            {
                ["@context"] = new JsonArray(CredentialProfiles.Vc20Context),
                ["id"] = "data:application/vc+jwt," + j,
                ["type"] = "EnvelopedVerifiableCredential",
            })]),
        };
        foreach (var (name, value) in claims)
        {
            presentation[name] = value?.DeepClone();
        }

        return holder.Sign(presentation, "vp+jwt");
    }
}
