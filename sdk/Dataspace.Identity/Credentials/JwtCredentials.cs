using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Identity.StatusLists;

namespace Dataspace.Identity.Credentials;

/// <summary>Issues credentials and status list credentials as JWTs in either DCP profile.</summary>
public static class JwtCredentials
{
    /// <summary>Signs a credential as the issuer; the JWT type is <c>vc+jwt</c> (2.0) or <c>JWT</c> with a <c>vc</c> claim (1.1).</summary>
    public static string Issue(CredentialDraft draft, DidSigner issuer, CredentialProfile profile)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(issuer);
        var id = draft.Id ?? "urn:uuid:" + Guid.NewGuid();
        var types = new JsonArray("VerifiableCredential");
        foreach (var type in draft.Types.Where(t => t != "VerifiableCredential"))
        {
            types.Add(type);
        }

        var subject = new JsonObject { ["id"] = draft.SubjectDid };
        foreach (var (name, value) in draft.Claims)
        {
            if (name != "id")
            {
                subject[name] = value?.DeepClone();
            }
        }

        var claims = new JsonObject
        {
            ["iss"] = issuer.Did,
            ["sub"] = draft.SubjectDid,
            ["jti"] = id,
            ["iat"] = draft.ValidFrom.ToUnixTimeSeconds(),
            ["nbf"] = draft.ValidFrom.ToUnixTimeSeconds(),
        };
        if (draft.ValidUntil is { } until)
        {
            claims["exp"] = until.ToUnixTimeSeconds();
        }

        if (profile == CredentialProfile.Vc11StatusList2021)
        {
            var vc = new JsonObject
            {
                ["@context"] = new JsonArray(CredentialProfiles.Vc11Context, CredentialProfiles.StatusList2021Context),
                ["id"] = id,
                ["type"] = types,
                ["issuer"] = issuer.Did,
                ["issuanceDate"] = Iso(draft.ValidFrom),
                ["credentialSubject"] = subject,
            };
            if (draft.ValidUntil is { } expiration)
            {
                vc["expirationDate"] = Iso(expiration);
            }

            if (draft.Status is { } status)
            {
                vc["credentialStatus"] = StatusEntry(status, "StatusList2021Entry");
            }

            claims["vc"] = vc;
            return issuer.Sign(claims, "JWT");
        }

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(CredentialProfiles.Vc20Context),
            ["id"] = id,
            ["type"] = types,
            ["issuer"] = issuer.Did,
            ["validFrom"] = Iso(draft.ValidFrom),
            ["credentialSubject"] = subject,
        };
        if (draft.ValidUntil is { } validUntil)
        {
            credential["validUntil"] = Iso(validUntil);
        }

        if (draft.Status is { } entry)
        {
            credential["credentialStatus"] = StatusEntry(entry, "BitstringStatusListEntry");
        }

        // VC-JOSE-COSE: the credential is the payload; the registered JWT claims beside it let JWT tooling check time and issuer.
        foreach (var (name, value) in claims)
        {
            credential[name] = value?.DeepClone();
        }

        return issuer.Sign(credential, "vc+jwt");
    }

    /// <summary>Signs a status list credential for the list at <paramref name="listUrl"/> (the URL it is served at).</summary>
    public static string IssueStatusList(
        DidSigner issuer, CredentialProfile profile, string listUrl, string purpose, StatusBitstring bits, DateTimeOffset validFrom, DateTimeOffset? validUntil)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(bits);
        var vc11 = profile == CredentialProfile.Vc11StatusList2021;
        var subject = new JsonObject
        {
            ["id"] = listUrl + "#list",
            ["type"] = vc11 ? "StatusList2021" : "BitstringStatusList",
            ["statusPurpose"] = purpose,
            ["encodedList"] = bits.Encode(multibasePrefix: !vc11),
        };
        return Issue(
            new CredentialDraft
            {
                Id = listUrl,
                Types = [vc11 ? "StatusList2021Credential" : "BitstringStatusListCredential"],
                SubjectDid = listUrl + "#list",
                Claims = subject,
                ValidFrom = validFrom,
                ValidUntil = validUntil,
            },
            issuer,
            profile);
    }

    private static JsonObject StatusEntry(CredentialStatusEntry status, string type) => new()
    {
        ["id"] = $"{status.StatusListCredential}#{status.Index}",
        ["type"] = type,
        ["statusPurpose"] = status.Purpose,
        ["statusListIndex"] = status.Index.ToString(CultureInfo.InvariantCulture),
        ["statusListCredential"] = status.StatusListCredential,
    };

    internal static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
