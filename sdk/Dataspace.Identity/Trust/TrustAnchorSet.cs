using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Identity.Trust;

/// <summary>An immutable snapshot of the trust anchors of the data spaces a connector takes part in.</summary>
/// <remarks>To change anchors at run time, build a new set and swap it in; a set in use never changes.</remarks>
public sealed class TrustAnchorSet
{
    private readonly FrozenDictionary<string, TrustAnchor[]> _byDid;

    /// <summary>Creates the set; several entries for one DID add up their types.</summary>
    public TrustAnchorSet(IEnumerable<TrustAnchor> anchors)
    {
        Anchors = [.. anchors];
        _byDid = Anchors.GroupBy(a => a.Did, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>An empty set: no issuer is trusted.</summary>
    public static TrustAnchorSet Empty { get; } = new([]);

    /// <summary>Every anchor in the set.</summary>
    public IReadOnlyList<TrustAnchor> Anchors { get; }

    /// <summary>Whether the DID is an authority of any data space here.</summary>
    public bool IsTrusted(string issuerDid) => _byDid.ContainsKey(issuerDid);

    /// <summary>Whether the DID may issue credentials of the type.</summary>
    public bool MayIssue(string issuerDid, string type) => _byDid.TryGetValue(issuerDid, out var anchors) && anchors.Any(a => a.MayIssue(type));

    /// <summary>
    /// Null when some anchor entry of <paramref name="issuerDid"/> that may issue <paramref name="type"/> also vouches
    /// for the credential subject's claims (its data space and claim scope); else why none does.
    /// </summary>
    public string? OutOfScope(string issuerDid, string type, JsonElement subject)
    {
        if (!_byDid.TryGetValue(issuerDid, out var anchors))
        {
            return $"{issuerDid} is not a trust anchor";
        }

        string? first = null;
        foreach (var anchor in anchors.Where(a => a.MayIssue(type)))
        {
            if (anchor.OutOfScope(subject) is not { } problem)
            {
                return null;
            }

            first ??= problem;
        }

        return first ?? $"{issuerDid} may not issue {type}";
    }

    /// <summary>The credential types accepted from any anchor, for <c>/.well-known/dspace-trust</c>.</summary>
    public IReadOnlyList<string> AcceptedTypes => [.. Anchors.SelectMany(a => a.CredentialTypes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The set as the trust-anchor file's JSON: <c>{"anchors":[{"did":…,"credentialTypes":[…]}]}</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["anchors"] = new JsonArray([.. Anchors.Select(a => (JsonNode?)AnchorJson(a))]),
    };

    private static JsonObject AnchorJson(TrustAnchor anchor)
    {
        var json = new JsonObject
        {
            ["did"] = anchor.Did,
            ["credentialTypes"] = new JsonArray([.. anchor.CredentialTypes.Select(t => (JsonNode?)JsonValue.Create(t))]),
        };
        if (anchor.Dataspace is not null)
        {
            json["dataspace"] = anchor.Dataspace;
        }

        if (anchor.Claims.Count > 0)
        {
            json["claims"] = new JsonObject(anchor.Claims.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)new JsonArray([.. c.Value.Select(v => (JsonNode?)JsonValue.Create(v))]))));
        }

        return json;
    }

    /// <summary>Reads a trust-anchor file's JSON; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static TrustAnchorSet Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("anchors", out var anchors) || anchors.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("A trust-anchor file is a JSON object with an 'anchors' array.");
        }

        var list = new List<TrustAnchor>();
        var index = 0;
        foreach (var anchor in anchors.EnumerateArray())
        {
            var did = anchor.ValueKind == JsonValueKind.Object && anchor.TryGetProperty("did", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (did is null || !Dids.Did.TryParse(did, out _, out _))
            {
                throw new FormatException($"anchors[{index}] needs a 'did' that is a DID.");
            }

            if (!anchor.TryGetProperty("credentialTypes", out var types) || types.ValueKind != JsonValueKind.Array ||
                types.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
            {
                throw new FormatException($"anchors[{index}] ({did}) needs 'credentialTypes', an array of type names or \"*\".");
            }

            string? dataspace = null;
            if (anchor.TryGetProperty("dataspace", out var ds))
            {
                dataspace = ds.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(ds.GetString()) ? ds.GetString()
                    : throw new FormatException($"anchors[{index}] ({did}) has a 'dataspace' that is not a data space id (a non-empty string).");
            }

            list.Add(new TrustAnchor
            {
                Did = did,
                CredentialTypes = [.. types.EnumerateArray().Select(t => t.GetString()!)],
                Dataspace = dataspace,
                Claims = anchor.TryGetProperty("claims", out var claims) ? ParseClaims(claims, index, did) : FrozenDictionary<string, IReadOnlyList<string>>.Empty,
            });
            index++;
        }

        return new TrustAnchorSet(list);
    }

    // "claims": { "path.to.claim": "value" or ["value", ...] }
    private static FrozenDictionary<string, IReadOnlyList<string>> ParseClaims(JsonElement claims, int index, string did)
    {
        var error = $"anchors[{index}] ({did}) has 'claims' that are not an object of claim paths to a value or an array of values (strings).";
        if (claims.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException(error);
        }

        var parsed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var claim in claims.EnumerateObject())
        {
            IReadOnlyList<string>? values = claim.Value.ValueKind switch
            {
                JsonValueKind.String => [claim.Value.GetString()!],
                JsonValueKind.Array when claim.Value.GetArrayLength() > 0 && claim.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                    [.. claim.Value.EnumerateArray().Select(v => v.GetString()!)],
                _ => null,
            };
            if (values is null || claim.Name.Length == 0 || claim.Name.Split('.').Any(string.IsNullOrEmpty))
            {
                throw new FormatException(error + $" Entry '{claim.Name}' is not.");
            }

            parsed[claim.Name] = values;
        }

        return parsed.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
