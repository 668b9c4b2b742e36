using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Credentials;

/// <summary>A credential JWT read into its parts, in either profile; nothing about it is verified yet.</summary>
public sealed record ParsedCredential
{
    /// <summary>The JWS.</summary>
    public required JwsToken Jws { get; init; }

    /// <summary>The profile the credential follows.</summary>
    public required CredentialProfile Profile { get; init; }

    /// <summary>The credential id, if any.</summary>
    public string? Id { get; init; }

    /// <summary>All types, including <c>VerifiableCredential</c>.</summary>
    public required IReadOnlyList<string> Types { get; init; }

    /// <summary>The issuer's DID.</summary>
    public required string Issuer { get; init; }

    /// <summary>The subject's id (the holder's DID), if any.</summary>
    public string? SubjectId { get; init; }

    /// <summary>The credential subject object.</summary>
    public required JsonElement Subject { get; init; }

    /// <summary>Start of validity.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>End of validity.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>The status entries (one per purpose).</summary>
    public IReadOnlyList<CredentialStatusEntry> Status { get; init; } = [];

    /// <summary>Reads a credential JWT in either profile; false with a reason if it is not one.</summary>
    public static bool TryParse(string jwt, [NotNullWhen(true)] out ParsedCredential? credential, [NotNullWhen(false)] out string? reason)
    {
        credential = null;
        if (!CompactJws.TryParse(jwt, out var jws, out reason))
        {
            return false;
        }

        var payload = jws.Payload;
        var vc11 = payload.TryGetProperty("vc", out var vcClaim);
        if (vc11 && vcClaim.ValueKind != JsonValueKind.Object)
        {
            reason = "the 'vc' claim is not an object";
            return false;
        }

        var vc = vc11 ? vcClaim : payload;
        if (!vc11 && !JsonReading.HasContext(vc, CredentialProfiles.Vc20Context))
        {
            reason = $"the JWT is neither a VC 1.1 JWT (no 'vc' claim) nor a VC 2.0 credential (no '{CredentialProfiles.Vc20Context}' context)";
            return false;
        }

        var types = JsonReading.Strings(vc, "type");
        if (!types.Contains("VerifiableCredential"))
        {
            reason = "the credential's type does not include VerifiableCredential";
            return false;
        }

        var issuerMember = vc.TryGetProperty("issuer", out var iss) ? (iss.ValueKind == JsonValueKind.Object ? JsonReading.String(iss, "id") : iss.ValueKind == JsonValueKind.String ? iss.GetString() : null) : null;
        var issClaim = jws.GetString("iss");
        if (issuerMember is not null && issClaim is not null && issuerMember != issClaim)
        {
            reason = $"the credential's issuer '{issuerMember}' differs from the JWT's iss '{issClaim}'";
            return false;
        }

        var issuer = issuerMember ?? issClaim;
        if (issuer is null)
        {
            reason = "the credential has no issuer";
            return false;
        }

        if (!vc.TryGetProperty("credentialSubject", out var subject))
        {
            reason = "the credential has no credentialSubject";
            return false;
        }

        // VC 2.0 allows an array of subjects; a credential for one holder has exactly one.
        if (subject.ValueKind == JsonValueKind.Array && subject.GetArrayLength() == 1)
        {
            subject = subject[0];
        }

        if (subject.ValueKind != JsonValueKind.Object)
        {
            reason = "the credentialSubject must be one object (several subjects are not supported)";
            return false;
        }

        var subjectId = JsonReading.String(subject, "id") ?? jws.GetString("sub");
        if (vc11 && jws.GetString("sub") is { } sub && JsonReading.String(subject, "id") is { } sid && sub != sid)
        {
            reason = $"the JWT's sub '{sub}' differs from credentialSubject.id '{sid}'";
            return false;
        }

        if (!jws.TryGetTime("nbf", out var nbf) || !jws.TryGetTime("exp", out var exp))
        {
            reason = "the JWT's 'nbf' or 'exp' is not a NumericDate between 1970 and 9998";
            return false;
        }

        credential = new ParsedCredential
        {
            Jws = jws,
            Profile = vc11 ? CredentialProfile.Vc11StatusList2021 : CredentialProfile.Vc20BitstringStatusList,
            Id = JsonReading.String(vc, "id") ?? jws.GetString("jti"),
            Types = types,
            Issuer = issuer,
            SubjectId = subjectId,
            Subject = subject,
            ValidFrom = JsonReading.Time(vc, vc11 ? "issuanceDate" : "validFrom") ?? nbf,
            ValidUntil = JsonReading.Time(vc, vc11 ? "expirationDate" : "validUntil") ?? exp,
            Status = ReadStatus(vc),
        };
        reason = null;
        return true;
    }

    private static List<CredentialStatusEntry> ReadStatus(JsonElement vc)
    {
        var entries = new List<CredentialStatusEntry>();
        if (!vc.TryGetProperty("credentialStatus", out var status))
        {
            return entries;
        }

        IEnumerable<JsonElement> items = status.ValueKind == JsonValueKind.Array ? status.EnumerateArray() : [status];
        foreach (var item in items)
        {
            var url = JsonReading.String(item, "statusListCredential");
            var index = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("statusListIndex", out var i)
                ? (i.ValueKind == JsonValueKind.Number ? i.GetInt32() : int.TryParse(i.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
                : -1;
            if (url is not null && index >= 0)
            {
                var size = item.TryGetProperty("statusSize", out var z)
                    ? (z.ValueKind == JsonValueKind.Number ? z.GetInt32() : int.TryParse(z.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var zs) ? zs : 0)
                    : 1;
                entries.Add(new CredentialStatusEntry { StatusListCredential = url, Index = index, Purpose = JsonReading.String(item, "statusPurpose") ?? StatusLists.StatusPurposes.Revocation, Size = size });
            }
        }

        return entries;
    }
}
