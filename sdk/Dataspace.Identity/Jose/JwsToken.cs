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

    // NumericDates past this (9998-01-01) are refused, so a claim plus any clock leeway still fits a DateTimeOffset.
    private const double MaxNumericDate = 253_370_764_800;

    /// <summary>A NumericDate claim of the payload as a time, or null when absent, not a number, or outside 1970..9998.</summary>
    /// <remarks>A caller that must tell "absent" from "malformed" uses <see cref="TryGetTime"/>.</remarks>
    public DateTimeOffset? GetTime(string claim) => TryGetTime(claim, out var time) ? time : null;

    /// <summary>
    /// Reads a NumericDate claim: true with null when absent, true with the time when a number within 1970..9998,
    /// false when present but not such a number (a token with it is malformed, not "without that claim").
    /// </summary>
    public bool TryGetTime(string claim, out DateTimeOffset? time)
    {
        time = null;
        if (!Payload.TryGetProperty(claim, out var v))
        {
            return true;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var seconds) || !double.IsFinite(seconds) || seconds < 0 || seconds > MaxNumericDate)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(seconds * 1000));
        return true;
    }

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
