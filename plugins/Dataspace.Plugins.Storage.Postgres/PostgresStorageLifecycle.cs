using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>Migrates the database (one instance at a time), then registers this instance and takes its liveness lock.</summary>
internal sealed class PostgresStorageLifecycle : IStorageLifecycle
{
    private readonly PostgresDatabase _database;
    private readonly PostgresSchemaMigrator _migrator;
    private readonly PostgresInstance _instance;

    public PostgresStorageLifecycle(PostgresDatabase database, PostgresSchemaMigrator migrator, PostgresInstance instance)
    {
        _database = database;
        _migrator = migrator;
        _instance = instance;
    }

    /// <inheritdoc/>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var version = await _migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await _instance.StartAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    /// <inheritdoc/>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ScalarAsync("SELECT 1", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return $"PostgreSQL database {_database.Describe} failed: {e.Message}";
        }
    }
}
