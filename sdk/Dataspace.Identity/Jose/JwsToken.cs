using System.Text.Json;

namespace Dataspace.Identity.Jose;

/// <summary>A parsed compact JWS: its decoded header and payload, and what its signature covers.</summary>
public sealed record JwsToken
{
    /// <summary>The protected header.</summary>
    public required JsonElement Header { get; init; }

    /// <summary>The payload (the JWT claims set).</summary>
    public required JsonElement Payload { get; init; }

    /// <summary>The header's <c>alg</c>.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The header's <c>kid</c>, if any.</summary>
    public string? KeyId { get; init; }

    /// <summary>The header's <c>typ</c>, if any.</summary>
    public string? Type { get; init; }

    /// <summary>The ASCII bytes the signature covers.</summary>
    public required ReadOnlyMemory<byte> SigningInput { get; init; }

    /// <summary>The decoded signature.</summary>
    public required ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>The token as received.</summary>
    public required string Compact { get; init; }

    /// <summary>Whether the signature is valid for the public key.</summary>
    public bool VerifySignature(Jwk publicKey) => JwsVerifier.Verify(Algorithm, publicKey, SigningInput.Span, Signature.Span);

    /// <summary>A string claim of the payload, or null when absent or not a string.</summary>
    public string? GetString(string claim) =>
        Payload.TryGetProperty(claim, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A NumericDate claim of the payload as a time, or null when absent or not a number.</summary>
    public DateTimeOffset? GetTime(string claim) =>
        Payload.TryGetProperty(claim, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var s)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(s * 1000))
            : null;

    /// <summary>The audience claim as a list (a string or an array of strings).</summary>
    public IReadOnlyList<string> GetAudience()
    {
        if (!Payload.TryGetProperty("aud", out var aud))
        {
            return [];
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => aud.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
            _ => [],
        };
    }

    /// <summary>Prints the header only: a token is a credential and does not belong in logs.</summary>
    public override string ToString() => Header.GetRawText();
}
