using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Policy definitions in the embedded database.</summary>
public sealed class SqlitePolicyDefinitionStore : IPolicyDefinitionStore
{
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqlitePolicyDefinitionStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(PolicyDefinition policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync("INSERT INTO policies (id, policy, created_at) VALUES ($id, $p, $t)", cancellationToken,
                ("$id", policy.Id), ("$p", policy.Policy.ToJsonString()), ("$t", StoreJson.Timestamp(policy.CreatedAt))).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<PolicyDefinition?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync("SELECT id, policy, created_at FROM policies WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<PolicyDefinition>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var items = await connection.QueryAsync("SELECT id, policy, created_at FROM policies ORDER BY id LIMIT $l OFFSET $o", Map, cancellationToken,
            ("$l", page.Limit), ("$o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync("SELECT COUNT(*) FROM policies", cancellationToken).ConfigureAwait(false))!;
        return new Page<PolicyDefinition>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.ExecuteAsync("DELETE FROM policies WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false) == 1;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return false;
        }
    }

    private static PolicyDefinition Map(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), StoreJson.ReadObject(r.GetString(1)), StoreJson.ReadTimestamp(r.GetString(2)));
}
