using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Internal;

namespace Dataspace.Connector.Agreements;

/// <summary>Counts the data accesses made under each agreement, for count-limited policies and for metering.</summary>
public sealed class UsageMeter
{
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the meter.</summary>
    public UsageMeter(ConnectorDatabase database) => _database = database;

    /// <summary>How many accesses were made under the agreement so far.</summary>
    public async Task<long> UsesAsync(string agreementId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ScalarAsync("SELECT uses FROM agreement_usage WHERE agreement_id = $a", cancellationToken, ("$a", agreementId)).ConfigureAwait(false) is long uses ? uses : 0;
    }

    /// <summary>
    /// Records one access if fewer than <paramref name="expectedUses"/>+1 were recorded, i.e. only when no other access
    /// was counted since the caller read the count; false when a concurrent access got there first.
    /// </summary>
    public async Task<bool> TryRecordAsync(string agreementId, long expectedUses, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            """
            INSERT INTO agreement_usage (agreement_id, uses, last_used_at) VALUES ($a, 1, $t)
            ON CONFLICT (agreement_id) DO UPDATE SET uses = uses + 1, last_used_at = $t WHERE uses = $expected
            """,
            cancellationToken, ("$a", agreementId), ("$t", StoreJson.Timestamp(at)), ("$expected", expectedUses)).ConfigureAwait(false);
        return changed == 1;
    }
}
