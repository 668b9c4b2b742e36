using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Identity.Jose;

/// <summary>
/// A JSON Web Key: EC P-256 or OKP Ed25519 (sign and verify), EC P-384 / P-521 and RSA (verify only);
/// <see cref="D"/> is set only for private keys.
/// </summary>
public sealed record Jwk
{
    /// <summary>The key type: <c>EC</c>, <c>OKP</c> or <c>RSA</c>.</summary>
    public required string Kty { get; init; }

    /// <summary>The curve: <c>P-256</c>, <c>P-384</c>, <c>P-521</c> or <c>Ed25519</c>; null for RSA.</summary>
    public string? Crv { get; init; }

    /// <summary>The base64url x coordinate (EC) or public key (OKP); null for RSA.</summary>
    public string? X { get; init; }

    /// <summary>The base64url RSA modulus.</summary>
    public string? N { get; init; }

    /// <summary>The base64url RSA public exponent.</summary>
    public string? E { get; init; }

    /// <summary>The base64url y coordinate (EC only).</summary>
    public string? Y { get; init; }

    /// <summary>The base64url private key; never serialized by <see cref="ToJson"/> unless asked.</summary>
    public string? D { get; init; }

    /// <summary>The key id, when the key has one.</summary>
    public string? Kid { get; init; }

    /// <summary>The JWS algorithm this key signs with (RSA keys: <c>RS256</c>, though the PS and longer-hash variants verify too).</summary>
    public string Algorithm => (Kty, Crv) switch
    {
        ("OKP", _) => JwsAlgorithms.EdDSA,
        ("RSA", _) => JwsAlgorithms.RS256,
        (_, "P-384") => JwsAlgorithms.ES384,
        (_, "P-521") => JwsAlgorithms.ES512,
        _ => JwsAlgorithms.ES256,
    };

    /// <summary>This key without its private part.</summary>
    public Jwk ToPublic() => this with { D = null };

    /// <summary>The JWK as a JSON object; the private part only with <paramref name="includePrivate"/>.</summary>
    public JsonObject ToJson(bool includePrivate = false)
    {
        var json = new JsonObject { ["kty"] = Kty };
        if (Crv is not null)
        {
            json["crv"] = Crv;
        }

        if (X is not null)
        {
            json["x"] = X;
        }

        if (N is not null)
        {
            json["n"] = N;
            json["e"] = E;
        }

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
        var n = GetString(json, "n");
        var e = GetString(json, "e");
        switch (kty, crv)
        {
            case ("EC", "P-256") when IsBase64Url(x, 32) && IsBase64Url(y, 32) && (d is null || IsBase64Url(d, 32)):
            case ("EC", "P-384") when IsBase64Url(x, 48) && IsBase64Url(y, 48) && d is null:
            case ("EC", "P-521") when IsBase64Url(x, 66) && IsBase64Url(y, 66) && d is null:
            case ("OKP", "Ed25519") when IsBase64Url(x, 32) && y is null && (d is null || IsBase64Url(d, 32)):
                jwk = new Jwk { Kty = kty, Crv = crv, X = x!, Y = y, D = d, Kid = kid };
                reason = null;
                return true;
            case ("RSA", _) when ModulusBytes(n) >= 256 && ModulusBytes(e) is > 0 and <= 8 && d is null:
                jwk = new Jwk { Kty = kty, N = n, E = e, Kid = kid };
                reason = null;
                return true;
            default:
                reason = $"unsupported or malformed JWK (kty '{kty}', crv '{crv}'); expected EC P-256/P-384/P-521, OKP Ed25519, or a public RSA key of at least 2048 bits";
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

    private static int ModulusBytes(string? value)
    {
        if (value is null || value.Length > 1400)
        {
            return 0;
        }

        Span<byte> buffer = stackalloc byte[1100];
        return Base64Url.IsValid(value) && Base64Url.TryDecodeFromChars(value, buffer, out var written) ? written - CountLeadingZeros(buffer[..written]) : 0;
    }

    private static int CountLeadingZeros(ReadOnlySpan<byte> bytes)
    {
        var zeros = 0;
        while (zeros < bytes.Length && bytes[zeros] == 0)
        {
            zeros++;
        }

        return zeros;
    }

    private static bool IsBase64Url(string? value, int length)
    {
        if (value is null)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[72];
        // TryDecodeFromChars throws on characters outside the alphabet; a hostile key must give false, not an exception.
        return Base64Url.IsValid(value) && Base64Url.TryDecodeFromChars(value, buffer, out var written) && written == length;
    }
}
