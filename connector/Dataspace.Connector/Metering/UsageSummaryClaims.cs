using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Sdk.Metering;

namespace Dataspace.Connector.Metering;

/// <summary>
/// The signed usage summary one party sends the other: which receipt (agreement, transfer or period), from whom to whom,
/// in which role, and the figures. Parsed strictly: a field missing or of the wrong type is named in the refusal.
/// </summary>
/// <param name="ReceiptId">The receipt's id (the same on both sides, <see cref="ReceiptIds"/>).</param>
/// <param name="Issuer">The signer's DID (<c>iss</c>).</param>
/// <param name="Audience">The DID it is meant for (<c>aud</c>).</param>
/// <param name="AgreementId">The agreement.</param>
/// <param name="TransferId">The transfer (provider's process id), or null for a period receipt.</param>
/// <param name="PeriodStart">Start of the period (inclusive).</param>
/// <param name="PeriodEnd">End of the period (exclusive).</param>
/// <param name="Role">The signer's role in the agreement: <c>provider</c> or <c>consumer</c>.</param>
/// <param name="Usage">The signer's figures.</param>
public sealed record UsageSummaryClaims(
    string ReceiptId, string Issuer, string Audience, string AgreementId, string? TransferId, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string Role, UsageTotals Usage)
{
    /// <summary>The JWS <c>typ</c> of a signed usage summary.</summary>
    public const string JwsType = "usage-summary+jwt";

    /// <summary>The claims as the JWS payload (without <c>iss</c>, which the signer sets).</summary>
    public JsonObject ToJson() => new()
    {
        ["aud"] = Audience,
        ["receiptId"] = ReceiptId,
        ["agreementId"] = AgreementId,
        ["transferId"] = TransferId,
        ["periodStart"] = PeriodStart.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["periodEnd"] = PeriodEnd.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["role"] = Role,
        ["usage"] = new JsonObject
        {
            ["bytes"] = Usage.Bytes,
            ["requests"] = Usage.Requests,
            ["rows"] = Usage.Rows,
            ["computations"] = Usage.Computations,
            ["durationMs"] = Usage.DurationMs,
        },
    };

    /// <summary>Reads verified claims; null with the reason when one is missing or malformed.</summary>
    public static (UsageSummaryClaims? Claims, string? Refusal) Read(JsonElement claims)
    {
        try
        {
            var usage = claims.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? u : throw new FormatException("'usage' must be an object");
            var start = Time(claims, "periodStart");
            var end = Time(claims, "periodEnd");
            if (end <= start)
            {
                throw new FormatException("'periodEnd' must be after 'periodStart'");
            }

            var role = Text(claims, "role");
            if (role is not ("provider" or "consumer"))
            {
                throw new FormatException("'role' must be 'provider' or 'consumer'");
            }

            return (new UsageSummaryClaims(
                Text(claims, "receiptId"), Text(claims, "iss"), Text(claims, "aud"), Text(claims, "agreementId"),
                claims.TryGetProperty("transferId", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
                start, end, role,
                new UsageTotals(Count(usage, "bytes"), Count(usage, "requests"), Count(usage, "rows"), Count(usage, "computations"), Count(usage, "durationMs"))), null);
        }
        catch (FormatException e)
        {
            return (null, "the usage summary is malformed: " + e.Message);
        }
    }

    private static string Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 2048 } text
            ? text
            : throw new FormatException($"'{name}' must be a non-empty string of at most 2048 characters");

    private static DateTimeOffset Time(JsonElement claims, string name) =>
        DateTimeOffset.TryParse(Text(claims, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new FormatException($"'{name}' must be an ISO 8601 date-time");

    private static long Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0
            ? count
            : throw new FormatException($"'usage.{name}' must be a non-negative integer");
}
