using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Brings the embedded database to the schema this connector needs, one transaction per migration.</summary>
public sealed partial class SchemaMigrator
{
    private readonly ConnectorDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<SchemaMigrator> _logger;

    /// <summary>Creates the migrator.</summary>
    public SchemaMigrator(ConnectorDatabase database, TimeProvider time, ILogger<SchemaMigrator> logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
    }

    /// <summary>Applies the built-in migrations that are not applied yet; returns the schema version.</summary>
    public Task<int> MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(Migrations.All, cancellationToken);

    /// <summary>Applies <paramref name="migrations"/> that are not applied yet; returns the schema version.</summary>
    public async Task<int> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var latest = migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            );
            """, cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT version FROM schema_migrations";
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var newest = applied.Count == 0 ? 0 : applied.Max();
        if (newest > latest)
        {
            throw new InvalidOperationException(
                $"the database {_database.FilePath} has schema version {newest}, newer than this connector's {latest}; run a newer connector or restore a backup");
        }

        foreach (var migration in migrations.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$t", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogApplied(_logger, migration.Version, migration.Name);
        }

        return latest;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version}: {Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
