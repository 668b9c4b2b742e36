using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Counts the data accesses made under each agreement in the embedded database.</summary>
public sealed class SqliteUsageMeterStore : IUsageMeterStore
{
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the meter.</summary>
    public SqliteUsageMeterStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<long> UsesAsync(string agreementId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ScalarAsync("SELECT uses FROM agreement_usage WHERE agreement_id = $a", cancellationToken, ("$a", agreementId)).ConfigureAwait(false) is long uses ? uses : 0;
    }

    /// <inheritdoc/>
    public async Task<bool> TryRecordAsync(string agreementId, long expectedUses, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The first use inserts (only when 0 were expected); later ones update only from the count the caller read.
        var changed = expectedUses == 0
            ? await connection.ExecuteAsync(
                "INSERT INTO agreement_usage (agreement_id, uses, last_used_at) VALUES ($a, 1, $t) ON CONFLICT (agreement_id) DO UPDATE SET uses = uses + 1, last_used_at = $t WHERE uses = 0",
                cancellationToken, ("$a", agreementId), ("$t", StoreJson.Timestamp(at))).ConfigureAwait(false)
            : await connection.ExecuteAsync(
                "UPDATE agreement_usage SET uses = uses + 1, last_used_at = $t WHERE agreement_id = $a AND uses = $expected",
                cancellationToken, ("$a", agreementId), ("$t", StoreJson.Timestamp(at)), ("$expected", expectedUses)).ConfigureAwait(false);
        return changed == 1;
    }
}
