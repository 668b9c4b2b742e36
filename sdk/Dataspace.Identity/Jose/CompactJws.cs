using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Identity.Jose;

/// <summary>Creates and parses JWS in compact serialization (the form of every JWT here).</summary>
public static class CompactJws
{
    /// <summary>Signs the payload; sets <c>alg</c> from the key and <c>kid</c> and <c>typ</c> from the arguments.</summary>
    public static string Sign(JsonObject payload, SigningKey key, string keyId, string type = "JWT")
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        var header = new JsonObject { ["alg"] = key.Algorithm, ["typ"] = type, ["kid"] = keyId };
        return Sign(header, payload, key);
    }

    /// <summary>Signs the payload with the header exactly as given (the caller sets <c>alg</c>).</summary>
    public static string Sign(JsonObject header, JsonObject payload, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
                           Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Splits and decodes a compact JWS without checking its signature; false with a reason if malformed.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out JwsToken? jws, [NotNullWhen(false)] out string? reason)
    {
        jws = null;
        if (string.IsNullOrWhiteSpace(token))
        {
            reason = "the token is empty";
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            reason = $"a compact JWS has 3 dot-separated parts; this token has {parts.Length}";
            return false;
        }

        if (!TryDecodeJson(parts[0], out var header) || header.Value.ValueKind != JsonValueKind.Object)
        {
            reason = "the JWS header is not base64url-encoded JSON object";
            return false;
        }

        if (!TryDecodeJson(parts[1], out var payload) || payload.Value.ValueKind != JsonValueKind.Object)
        {
            reason = "the JWS payload is not a base64url-encoded JSON object";
            return false;
        }

        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            reason = "the JWS signature is not base64url";
            return false;
        }

        var h = header.Value;
        var alg = h.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (alg is null)
        {
            reason = "the JWS header has no 'alg'";
            return false;
        }

        jws = new JwsToken
        {
            Header = h,
            Payload = payload.Value,
            Algorithm = alg,
            KeyId = h.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null,
            Type = h.TryGetProperty("typ", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
            SigningInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
            Signature = signature,
            Compact = token,
        };
        reason = null;
        return true;
    }

    private static bool TryDecodeJson(string part, [NotNullWhen(true)] out JsonElement? element)
    {
        element = null;
        try
        {
            var bytes = Base64Url.DecodeFromChars(part);
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                // JsonDocument accepts invalid UTF-8 inside strings and GetString throws later; refuse it here.
                return false;
            }

            using var doc = JsonDocument.Parse(bytes);
            element = doc.RootElement.Clone();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
