using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Identity.Jose;

/// <summary>A JSON Web Key for EC P-256 or OKP Ed25519; <see cref="D"/> is set only for private keys.</summary>
public sealed record Jwk
{
    /// <summary>The key type: <c>EC</c> or <c>OKP</c>.</summary>
    public required string Kty { get; init; }

    /// <summary>The curve: <c>P-256</c> or <c>Ed25519</c>.</summary>
    public required string Crv { get; init; }

    /// <summary>The base64url x coordinate (EC) or public key (OKP).</summary>
    public required string X { get; init; }

    /// <summary>The base64url y coordinate (EC only).</summary>
    public string? Y { get; init; }

    /// <summary>The base64url private key; never serialized by <see cref="ToJson"/> unless asked.</summary>
    public string? D { get; init; }

    /// <summary>The key id, when the key has one.</summary>
    public string? Kid { get; init; }

    /// <summary>The JWS algorithm this key signs with.</summary>
    public string Algorithm => Crv == "Ed25519" ? JwsAlgorithms.EdDSA : JwsAlgorithms.ES256;

    /// <summary>This key without its private part.</summary>
    public Jwk ToPublic() => this with { D = null };

    /// <summary>The JWK as a JSON object; the private part only with <paramref name="includePrivate"/>.</summary>
    public JsonObject ToJson(bool includePrivate = false)
    {
        var json = new JsonObject { ["kty"] = Kty, ["crv"] = Crv, ["x"] = X };
        if (Y is not null)
        {
            json["y"] = Y;
        }

        if (includePrivate && D is not null)
        {
            json["d"] = D;
        }

        if (Kid is not null)
        {
            json["kid"] = Kid;
        }

        return json;
    }

    /// <summary>Prints the public key only, so a private key never reaches a log through ToString.</summary>
    public override string ToString() => ToJson().ToJsonString();

    /// <summary>Reads a JWK of a supported key type; false with a reason otherwise.</summary>
    public static bool TryParse(JsonElement json, [NotNullWhen(true)] out Jwk? jwk, [NotNullWhen(false)] out string? reason)
    {
        jwk = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            reason = "a JWK must be a JSON object";
            return false;
        }

        var kty = GetString(json, "kty");
        var crv = GetString(json, "crv");
        var x = GetString(json, "x");
        var y = GetString(json, "y");
        var d = GetString(json, "d");
        var kid = GetString(json, "kid");
        switch (kty, crv)
        {
            case ("EC", "P-256") when IsBase64Url(x, 32) && IsBase64Url(y, 32) && (d is null || IsBase64Url(d, 32)):
            case ("OKP", "Ed25519") when IsBase64Url(x, 32) && y is null && (d is null || IsBase64Url(d, 32)):
                jwk = new Jwk { Kty = kty, Crv = crv, X = x!, Y = y, D = d, Kid = kid };
                reason = null;
                return true;
            default:
                reason = $"unsupported or malformed JWK (kty '{kty}', crv '{crv}'); expected EC P-256 or OKP Ed25519 with 32-byte coordinates";
                return false;
        }
    }

    /// <summary>Reads a JWK from JSON text; false with a reason if it is not a supported key.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out Jwk? jwk, [NotNullWhen(false)] out string? reason)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return TryParse(doc.RootElement, out jwk, out reason);
        }
        catch (JsonException e)
        {
            jwk = null;
            reason = $"the JWK is not valid JSON: {e.Message}";
            return false;
        }
    }

    private static string? GetString(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsBase64Url(string? value, int length)
    {
        if (value is null)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[64];
        return Base64Url.TryDecodeFromChars(value, buffer, out var written) && written == length;
    }
}
