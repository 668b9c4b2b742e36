namespace Dataspace.Connector.Client;

/// <content>Metering: usage, dual-signed receipts and disputes, exports (docs/metering.md).</content>
public sealed partial class ManagementClient
{
    /// <summary>The lists <see cref="ExportMeteringAsync"/> can export.</summary>
    public static IReadOnlyList<string> MeteringLists { get; } = ["usage", "records", "receipts", "disputes", "statements"];

    /// <summary>Usage added up per agreement, counter-party and role; every filter left null matches all, the period is [from, to).</summary>
    public Task<IReadOnlyList<UsageSummary>> GetUsageAsync(string? agreementId = null, string? counterPartyId = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<UsageSummary>>(HttpMethod.Get, Query("metering/usage", ("agreementId", agreementId), ("counterPartyId", counterPartyId),
            ("from", from?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("to", to?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture))), null, cancellationToken);

    /// <summary>Usage records, oldest first; every filter left null matches all, the period is [from, to).</summary>
    public Task<Page<UsageRecord>> ListUsageRecordsAsync(string? agreementId = null, string? counterPartyId = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<UsageRecord>>(HttpMethod.Get, Query("metering/records", ("agreementId", agreementId), ("counterPartyId", counterPartyId),
            ("from", from?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("to", to?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ("offset", offset), ("limit", limit)), null, cancellationToken);

    /// <summary>Usage receipts, newest period first; <paramref name="state"/> is PENDING, AGREED, DISPUTED or UNCONFIRMED.</summary>
    public Task<Page<UsageReceipt>> ListUsageReceiptsAsync(string? agreementId = null, string? state = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<UsageReceipt>>(HttpMethod.Get, Query("metering/receipts", ("agreementId", agreementId), ("state", state), ("offset", offset), ("limit", limit)), null, cancellationToken);

    /// <summary>One of <see cref="MeteringLists"/> as the API exports it, <paramref name="format"/> <c>csv</c> or <c>json</c> (lists are paged: at most <paramref name="limit"/> rows).</summary>
    public async Task<string> ExportMeteringAsync(string list, string format, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (!MeteringLists.Contains(list, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{list}' is not a metering list; expected one of {string.Join(", ", MeteringLists)}", nameof(list));
        }

        var path = Query("metering/" + list, ("format", format), ("limit", limit));
        using var request = CreateRequest(HttpMethod.Get, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
