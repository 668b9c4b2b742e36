using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Assets in the embedded database.</summary>
public sealed class SqliteAssetStore : IAssetStore
{
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqliteAssetStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO assets (id, properties, data_address, created_at) VALUES ($id, $p, $a, $t)",
                cancellationToken,
                ("$id", asset.Id), ("$p", asset.Properties.ToJsonString()), ("$a", StoreJson.Write(asset.DataAddress)), ("$t", StoreJson.Timestamp(asset.CreatedAt))).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> UpdateAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE assets SET properties = $p, data_address = $a WHERE id = $id",
            cancellationToken,
            ("$id", asset.Id), ("$p", asset.Properties.ToJsonString()), ("$a", StoreJson.Write(asset.DataAddress))).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<Asset?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT id, properties, data_address, created_at FROM assets WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<Asset>> ListAsync(PageRequest page, string? idPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var filter = idPrefix is null ? "" : "WHERE substr(id, 1, length($prefix)) = $prefix";
        var items = await connection.QueryAsync(
            $"SELECT id, properties, data_address, created_at FROM assets {filter} ORDER BY id LIMIT $limit OFFSET $offset",
            Map, cancellationToken, ("$prefix", idPrefix), ("$limit", page.Limit), ("$offset", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM assets {filter}", cancellationToken, ("$prefix", idPrefix)).ConfigureAwait(false))!;
        return new Page<Asset>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.ExecuteAsync("DELETE FROM assets WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false) == 1;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return false;
        }
    }

    private static Asset Map(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), StoreJson.ReadObject(r.GetString(1)), StoreJson.ReadAddress(r.GetString(2)), StoreJson.ReadTimestamp(r.GetString(3)));
}
