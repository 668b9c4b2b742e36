using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Named work leases in the embedded database (one row per lease; processes sharing the file, such as the CLI, see them too).</summary>
public sealed class SqliteWorkLeaseStore : IWorkLeaseStore
{
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqliteWorkLeaseStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement: the row is written only when it is new, the holder's own, or expired; its change count says which.
        var changed = await connection.ExecuteAsync(
            """
            INSERT INTO work_leases (name, holder, expires_ms) VALUES ($n, $h, $e)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
            WHERE work_leases.holder = excluded.holder OR work_leases.expires_ms <= $now
            """,
            cancellationToken, ("$n", name), ("$h", holder), ("$e", (now + duration).ToUnixTimeMilliseconds()), ("$now", now.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        return changed == 1;
    }
}
