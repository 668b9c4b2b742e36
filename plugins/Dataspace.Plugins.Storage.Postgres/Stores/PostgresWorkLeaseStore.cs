using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>Named work leases shared by every instance: one upsert whose condition decides who holds the lease.</summary>
internal sealed class PostgresWorkLeaseStore : IWorkLeaseStore
{
    private readonly PostgresDatabase _database;

    public PostgresWorkLeaseStore(PostgresDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The row lock of ON CONFLICT serialises instances racing for the lease: exactly one sees its condition hold.
        var changed = await connection.ExecuteAsync(
            """
            INSERT INTO work_leases (name, holder, expires_at) VALUES (@n, @h, @e)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE work_leases.holder = excluded.holder OR work_leases.expires_at <= @now
            """,
            cancellationToken, ("n", name), ("h", holder), ("e", (now + duration).UtcDateTime), ("now", now.UtcDateTime)).ConfigureAwait(false);
        return changed == 1;
    }
}
