using System.Data.Common;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>
/// Offers in PostgreSQL, each indexed (table <c>offer_access_keys</c>) by the keys its access policy needs of a requester
/// (<see cref="IOfferAccessIndex"/>), written in the transaction that stores the offer.
/// </summary>
/// <remarks>
/// Keys made by another analysis (another <see cref="IOfferAccessIndex.Fingerprint"/>) do not prune: such offers are
/// candidates for every requester until <see cref="RefreshStaleAsync"/> recomputes them.
/// </remarks>
internal sealed partial class PostgresOfferStore : IOfferStore
{
    private const string Columns = "id, asset_id, access_policy_id, contract_policy_id, created_at";
    private readonly PostgresDatabase _database;
    private readonly IOfferAccessIndex _analysis;

    public PostgresOfferStore(PostgresDatabase database, IOfferAccessIndex analysis)
    {
        _database = database;
        _analysis = analysis;
    }

    /// <inheritdoc/>
    public async Task<string?> CreateAsync(OfferDefinition offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Read inside the transaction (and share-locked), so the keys are those of the policy text the offer is stored with.
        if (await connection.ScalarAsync(transaction, "SELECT policy FROM policies WHERE id = @id FOR SHARE", cancellationToken, ("id", offer.AccessPolicyId)).ConfigureAwait(false) is not string accessPolicy)
        {
            return $"the access policy '{offer.AccessPolicyId}' does not exist";
        }

        var keys = await _analysis.KeysAsync(accessPolicy, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(transaction, $"INSERT INTO offers ({Columns}, access_keys_version) VALUES (@id, @a, @ap, @cp, @t, @v)", cancellationToken,
                ("id", offer.Id), ("a", offer.AssetId), ("ap", offer.AccessPolicyId), ("cp", offer.ContractPolicyId), ("t", NpgsqlCommands.Utc(offer.CreatedAt)),
                ("v", _analysis.Fingerprint)).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            return $"an offer with id '{offer.Id}' exists already";
        }
        catch (PostgresException e) when (e.IsForeignKeyViolation())
        {
            // PostgreSQL names the constraint, so the user learns which id to fix.
            return e.ConstraintName switch
            {
                "offers_asset_id_fkey" => $"the asset '{offer.AssetId}' does not exist",
                "offers_contract_policy_id_fkey" => $"the contract policy '{offer.ContractPolicyId}' does not exist",
                "offers_access_policy_id_fkey" => $"the access policy '{offer.AccessPolicyId}' does not exist",
                _ => "the asset or a policy the offer names does not exist",
            };
        }

        await WriteKeysAsync(connection, transaction, offer.Id, keys, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <inheritdoc/>
    public async Task<OfferDefinition?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM offers WHERE id = @id", Map, cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<OfferDefinition>> ListAsync(PageRequest page, string? assetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var filter = assetId is null ? "" : "WHERE asset_id = @asset";
        var items = await connection.QueryAsync($"SELECT {Columns} FROM offers {filter} ORDER BY id LIMIT @l OFFSET @o", Map, cancellationToken,
            ("asset", assetId), ("l", page.Limit), ("o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT count(*) FROM offers {filter}", cancellationToken, ("asset", assetId)).ConfigureAwait(false))!;
        return new Page<OfferDefinition>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM offers WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<int> RefreshStaleAsync(CancellationToken cancellationToken)
    {
        const int Batch = 500;
        var version = _analysis.Fingerprint;
        var updated = 0;
        while (true)
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            var stale = await connection.QueryAsync(
                "SELECT o.id, o.access_policy_id, p.policy FROM offers o JOIN policies p ON p.id = o.access_policy_id WHERE o.access_keys_version <> @v ORDER BY o.id LIMIT @l",
                r => (Id: r.GetString(0), PolicyId: r.GetString(1), Policy: r.GetString(2)), cancellationToken, ("v", version), ("l", Batch)).ConfigureAwait(false);
            if (stale.Count == 0)
            {
                return updated;
            }

            var keys = new List<IReadOnlyList<string>>(stale.Count);
            foreach (var offer in stale)
            {
                keys.Add(await _analysis.KeysAsync(offer.Policy, cancellationToken).ConfigureAwait(false));
            }

            var progress = 0;
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < stale.Count; i++)
                {
                    // Only if the offer is still the one analysed: deleted, re-created or already refreshed ones (by this or
                    // another instance) are left alone.
                    var changed = await connection.ExecuteAsync(transaction,
                        "UPDATE offers SET access_keys_version = @v WHERE id = @id AND access_keys_version <> @v AND access_policy_id = @ap AND (SELECT policy FROM policies WHERE id = @ap) = @p",
                        cancellationToken, ("v", version), ("id", stale[i].Id), ("ap", stale[i].PolicyId), ("p", stale[i].Policy)).ConfigureAwait(false);
                    if (changed == 1)
                    {
                        await connection.ExecuteAsync(transaction, "DELETE FROM offer_access_keys WHERE offer_id = @id", cancellationToken, ("id", stale[i].Id)).ConfigureAwait(false);
                        await WriteKeysAsync(connection, transaction, stale[i].Id, keys[i], cancellationToken).ConfigureAwait(false);
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

    private static async Task WriteKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string offerId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count > 0)
        {
            await connection.ExecuteAsync(transaction, "INSERT INTO offer_access_keys (key, offer_id) SELECT DISTINCT k, @id FROM unnest(@keys) AS k ON CONFLICT DO NOTHING", cancellationToken,
                ("id", offerId), ("keys", keys.ToArray())).ConfigureAwait(false);
        }
    }

    private static OfferDefinition Map(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Timestamp(4));
}
