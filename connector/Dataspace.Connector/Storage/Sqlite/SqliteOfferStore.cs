using System.Text.Json;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>
/// Offers in the embedded database, each indexed (table <c>offer_access_keys</c>) by the keys its access policy needs
/// of a requester (<see cref="IOfferAccessIndex"/>), written in the transaction that stores the offer.
/// </summary>
/// <remarks>
/// Offers and policies are immutable once stored (a policy in use cannot be deleted), so an offer's keys stay true for
/// as long as it exists. Keys made by another analysis (<see cref="IOfferAccessIndex.Fingerprint"/>, e.g. offers
/// stored before the index existed) do not prune: such offers are candidates for every requester until
/// <see cref="RefreshStaleAsync"/> recomputes them.
/// </remarks>
public sealed partial class SqliteOfferStore : IOfferStore
{
    private const string Columns = "id, asset_id, access_policy_id, contract_policy_id, created_at";
    private readonly ConnectorDatabase _database;
    private readonly IOfferAccessIndex _analysis;

    /// <summary>Creates the store.</summary>
    public SqliteOfferStore(ConnectorDatabase database, IOfferAccessIndex analysis)
    {
        _database = database;
        _analysis = analysis;
    }

    /// <inheritdoc/>
    public async Task<string?> CreateAsync(OfferDefinition offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Read inside the transaction, so the keys are those of the policy text the offer is stored with.
        if (await connection.ScalarAsync("SELECT policy FROM policies WHERE id = $id", cancellationToken, ("$id", offer.AccessPolicyId)).ConfigureAwait(false) is not string accessPolicy)
        {
            return $"the access policy '{offer.AccessPolicyId}' does not exist";
        }

        var keys = await _analysis.KeysAsync(accessPolicy, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync($"INSERT INTO offers ({Columns}, access_keys_version) VALUES ($id, $a, $ap, $cp, $t, $v)", cancellationToken,
                ("$id", offer.Id), ("$a", offer.AssetId), ("$ap", offer.AccessPolicyId), ("$cp", offer.ContractPolicyId), ("$t", StoreJson.Timestamp(offer.CreatedAt)),
                ("$v", _analysis.Fingerprint)).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            if (!e.Message.Contains("FOREIGN KEY", StringComparison.Ordinal))
            {
                return $"an offer with id '{offer.Id}' exists already";
            }

            // SQLite does not say which key failed: name the missing one, so the user knows which id to fix.
            if (await connection.ScalarAsync("SELECT 1 FROM assets WHERE id = $id", cancellationToken, ("$id", offer.AssetId)).ConfigureAwait(false) is null)
            {
                return $"the asset '{offer.AssetId}' does not exist";
            }

            return await connection.ScalarAsync("SELECT 1 FROM policies WHERE id = $id", cancellationToken, ("$id", offer.ContractPolicyId)).ConfigureAwait(false) is null
                ? $"the contract policy '{offer.ContractPolicyId}' does not exist"
                : "the asset or a policy the offer names does not exist";
        }

        await WriteKeysAsync(connection, offer.Id, keys, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <inheritdoc/>
    public async Task<OfferDefinition?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM offers WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<OfferDefinition>> ListAsync(PageRequest page, string? assetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var filter = assetId is null ? "" : "WHERE asset_id = $asset";
        var items = await connection.QueryAsync($"SELECT {Columns} FROM offers {filter} ORDER BY id LIMIT $l OFFSET $o", Map, cancellationToken,
            ("$asset", assetId), ("$l", page.Limit), ("$o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM offers {filter}", cancellationToken, ("$asset", assetId)).ConfigureAwait(false))!;
        return new Page<OfferDefinition>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM offers WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<int> RefreshStaleAsync(CancellationToken cancellationToken)
    {
        const int batch = 500;
        var version = _analysis.Fingerprint;
        var updated = 0;
        while (true)
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            var stale = await connection.QueryAsync(
                "SELECT o.id, o.access_policy_id, p.policy FROM offers o JOIN policies p ON p.id = o.access_policy_id WHERE o.access_keys_version < $v OR o.access_keys_version > $v LIMIT $l",
                r => (Id: r.GetString(0), PolicyId: r.GetString(1), Policy: r.GetString(2)), cancellationToken, ("$v", version), ("$l", batch)).ConfigureAwait(false);
            if (stale.Count == 0)
            {
                return updated;
            }

            var requirements = new List<IReadOnlyList<string>>(stale.Count);
            foreach (var offer in stale)
            {
                requirements.Add(await _analysis.KeysAsync(offer.Policy, cancellationToken).ConfigureAwait(false));
            }

            var progress = 0;
            using (await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < stale.Count; i++)
                {
                    // Only if the offer is still the one analysed: deleted, re-created or already refreshed ones are left alone.
                    var changed = await connection.ExecuteAsync(
                        "UPDATE offers SET access_keys_version = $v WHERE id = $id AND access_keys_version <> $v AND access_policy_id = $ap AND (SELECT policy FROM policies WHERE id = $ap) = $p",
                        cancellationToken, ("$v", version), ("$id", stale[i].Id), ("$ap", stale[i].PolicyId), ("$p", stale[i].Policy)).ConfigureAwait(false);
                    if (changed == 1)
                    {
                        await connection.ExecuteAsync("DELETE FROM offer_access_keys WHERE offer_id = $id", cancellationToken, ("$id", stale[i].Id)).ConfigureAwait(false);
                        await WriteKeysAsync(connection, stale[i].Id, requirements[i], cancellationToken).ConfigureAwait(false);
                        progress++;
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            updated += progress;
            if (progress == 0)
            {
                // Everything left changed under us; whoever changed it indexed it.
                return updated;
            }
        }
    }

    private static async Task WriteKeysAsync(SqliteConnection connection, string offerId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count > 0)
        {
            await connection.ExecuteAsync("INSERT OR IGNORE INTO offer_access_keys (key, offer_id) SELECT value, $id FROM json_each($keys)", cancellationToken,
                ("$id", offerId), ("$keys", JsonSerializer.Serialize(keys))).ConfigureAwait(false);
        }
    }

    private static OfferDefinition Map(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), StoreJson.ReadTimestamp(r.GetString(4)));
}
