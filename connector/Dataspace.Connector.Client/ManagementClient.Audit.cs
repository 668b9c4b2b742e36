using System.Globalization;

namespace Dataspace.Connector.Client;

public sealed partial class ManagementClient
{
    /// <summary>Audit entries matching <paramref name="search"/> in log order, from <paramref name="fromIndex"/>, at most <paramref name="limit"/> (1 to 1000).</summary>
    public Task<AuditLogPage> SearchAuditEntriesAsync(AuditLogSearch search, long? fromIndex = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        return SendAsync<AuditLogPage>(HttpMethod.Get, Query("audit/entries",
            ("type", search.Type), ("actor", search.Actor), ("counterParty", search.CounterParty), ("processId", search.ProcessId), ("agreementId", search.AgreementId),
            ("from", search.From?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), ("to", search.To?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            ("fromIndex", fromIndex), ("limit", limit)), null, cancellationToken);
    }

    /// <summary>One audit entry with its inclusion proof against the latest signed checkpoint.</summary>
    public Task<AuditLogProof> GetAuditEntryAsync(long index, CancellationToken cancellationToken = default) =>
        SendAsync<AuditLogProof>(HttpMethod.Get, "audit/entries/" + index.ToString(CultureInfo.InvariantCulture), null, cancellationToken);

    /// <summary>The latest signed checkpoint of the audit log, witnesses' cosignatures included.</summary>
    public Task<AuditLogCheckpoint> GetLatestAuditCheckpointAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AuditLogCheckpoint>(HttpMethod.Get, "audit/checkpoints/latest", null, cancellationToken);

    /// <summary>
    /// Downloads the evidence bundle of the audit entries of an agreement, a process, or the time range [from, to) (give
    /// exactly one) into <paramref name="destination"/>; returns the number of bytes written.
    /// </summary>
    public async Task<long> DownloadAuditBundleAsync(string? agreementId, string? processId, DateTimeOffset? from, DateTimeOffset? to, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var path = Query("audit/bundle",
            ("agreementId", agreementId),
            ("processId", processId),
            ("from", from?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            ("to", to?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
        using var request = CreateRequest(HttpMethod.Get, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var counting = 0L;
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                counting += read;
            }

            return counting;
        }
    }
}
