using System.Data.Common;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>Policy definitions in PostgreSQL.</summary>
internal sealed class PostgresPolicyDefinitionStore : IPolicyDefinitionStore
{
    private readonly PostgresDatabase _database;

    public PostgresPolicyDefinitionStore(PostgresDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(PolicyDefinition policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("INSERT INTO policies (id, policy, created_at) VALUES (@id, @p, @t) ON CONFLICT (id) DO NOTHING", cancellationToken,
            ("id", policy.Id), ("p", policy.Policy.ToJsonString()), ("t", NpgsqlCommands.Utc(policy.CreatedAt))).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<PolicyDefinition?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync("SELECT id, policy, created_at FROM policies WHERE id = @id", Map, cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<PolicyDefinition>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var items = await connection.QueryAsync("SELECT id, policy, created_at FROM policies ORDER BY id LIMIT @l OFFSET @o", Map, cancellationToken,
            ("l", page.Limit), ("o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync("SELECT count(*) FROM policies", cancellationToken).ConfigureAwait(false))!;
        return new Page<PolicyDefinition>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.ExecuteAsync("DELETE FROM policies WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false) == 1;
        }
        catch (PostgresException e) when (e.IsForeignKeyViolation())
        {
            // An offer still uses it.
            return false;
        }
    }

    private static PolicyDefinition Map(DbDataReader r) => new(r.GetString(0), PostgresJson.ReadObject(r.GetString(1)), r.Timestamp(2));
}
