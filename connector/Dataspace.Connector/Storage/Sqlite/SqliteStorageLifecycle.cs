using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Migrates the embedded database and releases the outbox and step claims a previous run of this process left.</summary>
public sealed class SqliteStorageLifecycle : IStorageLifecycle
{
    private readonly ConnectorDatabase _database;
    private readonly SchemaMigrator _migrator;

    /// <summary>Creates the lifecycle.</summary>
    public SqliteStorageLifecycle(ConnectorDatabase database, SchemaMigrator migrator)
    {
        _database = database;
        _migrator = migrator;
    }

    /// <inheritdoc/>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var version = await _migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        // One process uses the database file: claims still there were taken by a run that has ended.
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE outbox SET claimed_by = NULL WHERE claimed_by IS NOT NULL", cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE process_steps SET claimed_by = NULL WHERE claimed_by IS NOT NULL", cancellationToken).ConfigureAwait(false);
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
        catch (SqliteException e)
        {
            return $"database {_database.FilePath} failed: {e.Message}";
        }
    }
}
