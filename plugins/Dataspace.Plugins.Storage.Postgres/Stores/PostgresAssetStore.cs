using System.Data.Common;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>Assets in PostgreSQL.</summary>
internal sealed class PostgresAssetStore : IAssetStore
{
    private readonly PostgresDatabase _database;

    public PostgresAssetStore(PostgresDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "INSERT INTO assets (id, properties, data_address, created_at) VALUES (@id, @p, @a, @t) ON CONFLICT (id) DO NOTHING",
            cancellationToken,
            ("id", asset.Id), ("p", asset.Properties.ToJsonString()), ("a", PostgresJson.Write(asset.DataAddress)), ("t", NpgsqlCommands.Utc(asset.CreatedAt))).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> UpdateAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("UPDATE assets SET properties = @p, data_address = @a WHERE id = @id", cancellationToken,
            ("id", asset.Id), ("p", asset.Properties.ToJsonString()), ("a", PostgresJson.Write(asset.DataAddress))).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<Asset?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync("SELECT id, properties, data_address, created_at FROM assets WHERE id = @id", Map, cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<Asset>> ListAsync(PageRequest page, string? idPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var filter = idPrefix is null ? "" : "WHERE starts_with(id, @prefix)";
        var items = await connection.QueryAsync($"SELECT id, properties, data_address, created_at FROM assets {filter} ORDER BY id LIMIT @l OFFSET @o",
            Map, cancellationToken, ("prefix", idPrefix), ("l", page.Limit), ("o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT count(*) FROM assets {filter}", cancellationToken, ("prefix", idPrefix)).ConfigureAwait(false))!;
        return new Page<Asset>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.ExecuteAsync("DELETE FROM assets WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false) == 1;
        }
        catch (PostgresException e) when (e.IsForeignKeyViolation())
        {
            // An offer still names it.
            return false;
        }
    }

    private static Asset Map(DbDataReader r) =>
        new(r.GetString(0), PostgresJson.ReadObject(r.GetString(1)), PostgresJson.ReadAddress(r.GetString(2)), r.Timestamp(3));
}
