using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Offers;

/// <summary>Offers in the embedded database.</summary>
public sealed class OfferStore
{
    private const string Columns = "id, asset_id, access_policy_id, contract_policy_id, created_at";
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public OfferStore(ConnectorDatabase database) => _database = database;

    /// <summary>Adds an offer; the reason when the id is taken or the asset or a policy is unknown.</summary>
    public async Task<string?> CreateAsync(OfferDefinition offer, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync($"INSERT INTO offers ({Columns}) VALUES ($id, $a, $ap, $cp, $t)", cancellationToken,
                ("$id", offer.Id), ("$a", offer.AssetId), ("$ap", offer.AccessPolicyId), ("$cp", offer.ContractPolicyId), ("$t", StoreJson.Timestamp(offer.CreatedAt))).ConfigureAwait(false);
            return null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return e.Message.Contains("FOREIGN KEY", StringComparison.Ordinal)
                ? "the asset or a policy the offer names does not exist"
                : $"an offer with id '{offer.Id}' exists already";
        }
    }

    /// <summary>One offer, or null.</summary>
    public async Task<OfferDefinition?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM offers WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>A page of offers ordered by id, optionally only those of one asset.</summary>
    public async Task<Page<OfferDefinition>> ListAsync(PageRequest page, string? assetId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var filter = assetId is null ? "" : "WHERE asset_id = $asset";
        var items = await connection.QueryAsync($"SELECT {Columns} FROM offers {filter} ORDER BY id LIMIT $l OFFSET $o", Map, cancellationToken,
            ("$asset", assetId), ("$l", page.Limit), ("$o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM offers {filter}", cancellationToken, ("$asset", assetId)).ConfigureAwait(false))!;
        return new Page<OfferDefinition>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Every offer (for building the catalog index).</summary>
    public async Task<List<OfferDefinition>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {Columns} FROM offers ORDER BY asset_id, id", Map, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes an offer; false when unknown.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM offers WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false) == 1;
    }

    private static OfferDefinition Map(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), StoreJson.ReadTimestamp(r.GetString(4)));
}
