using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Policies;

/// <summary>Policy definitions in the embedded database.</summary>
public sealed class PolicyDefinitionStore
{
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public PolicyDefinitionStore(ConnectorDatabase database) => _database = database;

    /// <summary>Adds a policy; false when the id is taken.</summary>
    public async Task<bool> CreateAsync(PolicyDefinition policy, CancellationToken cancellationToken)
    {
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

    /// <summary>One policy, or null.</summary>
    public async Task<PolicyDefinition?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync("SELECT id, policy, created_at FROM policies WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>A page of policies ordered by id.</summary>
    public async Task<Page<PolicyDefinition>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var items = await connection.QueryAsync("SELECT id, policy, created_at FROM policies ORDER BY id LIMIT $l OFFSET $o", Map, cancellationToken,
            ("$l", page.Limit), ("$o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync("SELECT COUNT(*) FROM policies", cancellationToken).ConfigureAwait(false))!;
        return new Page<PolicyDefinition>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Deletes a policy; false when unknown or used by an offer.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
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
