using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Dataspace.Cli.Identity.Registration;

internal sealed partial class RegistrationStore
{
    public async Task AddRequestAsync(IssuanceRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO issuance_requests (issuer_pid, holder_pid, did, credential_ids, status, reason, credentials, attempts, next_attempt_at, created_at)
            VALUES ($pid, $holder, $did, $ids, $status, $reason, '[]', 0, $next, $now)
            """;
        insert.Parameters.AddWithValue("$pid", request.IssuerPid);
        insert.Parameters.AddWithValue("$holder", request.HolderPid);
        insert.Parameters.AddWithValue("$did", request.Did);
        insert.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(request.CredentialIds));
        insert.Parameters.AddWithValue("$status", request.Status);
        insert.Parameters.AddWithValue("$reason", (object?)request.Reason ?? DBNull.Value);
        insert.Parameters.AddWithValue("$next", request.NextAttemptAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IssuanceRequest?> GetRequestAsync(string issuerPid, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var found = await QueryRequestsAsync(connection, "WHERE issuer_pid = $pid", c => c.Parameters.AddWithValue("$pid", issuerPid), cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Requests still to deliver whose next attempt is due, oldest first.</summary>
    public async Task<IReadOnlyList<IssuanceRequest>> DueRequestsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await QueryRequestsAsync(
            connection,
            "WHERE status = 'RECEIVED' AND next_attempt_at <= $now ORDER BY next_attempt_at LIMIT $limit",
            c =>
            {
                c.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
                c.Parameters.AddWithValue("$limit", limit);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the credentials issued for a request before its first delivery, so retries send the same ones.</summary>
    public async Task SaveIssuedAsync(string issuerPid, IReadOnlyList<IssuedForRequest> credentials, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE issuance_requests SET credentials = $credentials WHERE issuer_pid = $pid";
        update.Parameters.AddWithValue("$credentials", JsonSerializer.Serialize(credentials));
        update.Parameters.AddWithValue("$pid", issuerPid);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets a request's status (and reason), attempts and next attempt time.</summary>
    public async Task UpdateRequestAsync(string issuerPid, string status, string? reason, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE issuance_requests SET status = $status, reason = $reason, attempts = $attempts, next_attempt_at = $next WHERE issuer_pid = $pid";
        update.Parameters.AddWithValue("$status", status);
        update.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
        update.Parameters.AddWithValue("$attempts", attempts);
        update.Parameters.AddWithValue("$next", nextAttemptAt.ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$pid", issuerPid);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every credential id issued to the DID through DCP requests (for revocation).</summary>
    public async Task<IReadOnlyList<string>> IssuedCredentialIdsAsync(string did, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var requests = await QueryRequestsAsync(connection, "WHERE did = $did", c => c.Parameters.AddWithValue("$did", did), cancellationToken).ConfigureAwait(false);
        return [.. requests.SelectMany(r => r.Credentials).Select(c => c.CredentialId)];
    }

    private static async Task<List<IssuanceRequest>> QueryRequestsAsync(SqliteConnection connection, string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT issuer_pid, holder_pid, did, credential_ids, status, reason, credentials, attempts, next_attempt_at FROM issuance_requests " + where;
        bind(command);
        var list = new List<IssuanceRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new IssuanceRequest
            {
                IssuerPid = reader.GetString(0),
                HolderPid = reader.GetString(1),
                Did = reader.GetString(2),
                CredentialIds = JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [],
                Status = reader.GetString(4),
                Reason = reader.IsDBNull(5) ? null : reader.GetString(5),
                Credentials = JsonSerializer.Deserialize<IssuedForRequest[]>(reader.GetString(6)) ?? [],
                Attempts = reader.GetInt32(7),
                NextAttemptAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            });
        }

        return list;
    }
}
