using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Credentials;

/// <summary>A presentation JWT read into its parts, in either profile; nothing about it is verified yet.</summary>
public sealed record ParsedPresentation
{
    private const string EnvelopePrefix = "data:application/vc+jwt,";
    private const string JwtEnvelopePrefix = "data:application/jwt,";

    /// <summary>The JWS.</summary>
    public required JwsToken Jws { get; init; }

    /// <summary>The profile the presentation follows.</summary>
    public required CredentialProfile Profile { get; init; }

    /// <summary>The holder's DID (the <c>holder</c> member, else <c>iss</c>).</summary>
    public required string Holder { get; init; }

    /// <summary>The enclosed credentials as compact JWTs.</summary>
    public required IReadOnlyList<string> CredentialJwts { get; init; }

    /// <summary>Reads a presentation JWT in either profile; false with a reason if it is not one.</summary>
    public static bool TryParse(string jwt, [NotNullWhen(true)] out ParsedPresentation? presentation, [NotNullWhen(false)] out string? reason)
    {
        presentation = null;
        if (!CompactJws.TryParse(jwt, out var jws, out reason))
        {
            return false;
        }

        var vc11 = jws.Payload.TryGetProperty("vp", out var vpClaim);
        var vp = vc11 ? vpClaim : jws.Payload;
        if (vp.ValueKind != JsonValueKind.Object || !JsonReading.Strings(vp, "type").Contains("VerifiablePresentation"))
        {
            reason = "the JWT is not a presentation (no 'vp' claim and no VerifiablePresentation type)";
            return false;
        }

        var iss = jws.GetString("iss");
        var holder = JsonReading.String(vp, "holder");
        if (iss is not null && holder is not null && iss != holder)
        {
            reason = $"the presentation's holder '{holder}' differs from the JWT's iss '{iss}'";
            return false;
        }

        if ((holder ?? iss) is not { } presenter)
        {
            reason = "the presentation names no holder (neither 'holder' nor 'iss')";
            return false;
        }

        var jwts = new List<string>();
        if (vp.TryGetProperty("verifiableCredential", out var vcs))
        {
            IEnumerable<JsonElement> items = vcs.ValueKind == JsonValueKind.Array ? vcs.EnumerateArray() : [vcs];
            foreach (var item in items)
            {
                var value = item.ValueKind == JsonValueKind.String ? item.GetString() : JsonReading.String(item, "id");
                if (value is null)
                {
                    reason = "a verifiableCredential entry is neither a JWT nor an EnvelopedVerifiableCredential";
                    return false;
                }

                jwts.Add(value.StartsWith(EnvelopePrefix, StringComparison.Ordinal) ? value[EnvelopePrefix.Length..]
                    : value.StartsWith(JwtEnvelopePrefix, StringComparison.Ordinal) ? value[JwtEnvelopePrefix.Length..]
                    : value);
            }
        }

        presentation = new ParsedPresentation
        {
            Jws = jws,
            Profile = vc11 ? CredentialProfile.Vc11StatusList2021 : CredentialProfile.Vc20BitstringStatusList,
            Holder = presenter,
            CredentialJwts = jwts,
        };
        reason = null;
        return true;
    }
}
