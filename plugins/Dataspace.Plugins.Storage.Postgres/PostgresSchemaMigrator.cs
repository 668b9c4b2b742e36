using Dataspace.Plugins.Storage.Postgres.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>
/// Brings the database to the schema this plugin needs, one transaction per migration, under an advisory lock so that
/// instances starting at the same time migrate one after the other (the later ones find the work done).
/// </summary>
internal sealed partial class PostgresSchemaMigrator
{
    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresSchemaMigrator> _logger;

    public PostgresSchemaMigrator(PostgresDatabase database, TimeProvider time, ILogger<PostgresSchemaMigrator> logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
    }

    /// <summary>Applies the built-in migrations not applied yet; returns the schema version.</summary>
    public Task<int> MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(PostgresMigrations.All, cancellationToken);

    /// <summary>Applies <paramref name="migrations"/> not applied yet; returns the schema version.</summary>
    public async Task<int> MigrateAsync(IReadOnlyList<PostgresMigration> migrations, CancellationToken cancellationToken)
    {
        var latest = migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // A session lock: held across the per-migration transactions, released by the database if this process dies.
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@ns, @key)", cancellationToken,
            ("ns", _database.LockNamespace), ("key", AdvisoryLocks.Migrations)).ConfigureAwait(false);
        try
        {
            if (_database.Schema is { } schema)
            {
                // A checked simple name (PostgresDatabase), so it needs no quoting.
                await connection.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken).ConfigureAwait(false);
            }

            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer NOT NULL PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL
                )
                """, cancellationToken).ConfigureAwait(false);
            var applied = (await connection.QueryAsync("SELECT version FROM schema_migrations", r => r.GetInt32(0), cancellationToken).ConfigureAwait(false)).ToHashSet();
            var newest = applied.Count == 0 ? 0 : applied.Max();
            if (newest > latest)
            {
                throw new InvalidOperationException(
                    $"the PostgreSQL database {_database.Describe} has schema version {newest}, newer than this connector's {latest}; run a newer connector or restore a backup");
            }

            foreach (var migration in migrations.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(transaction, migration.Sql.Replace("{channel}", _database.Channel, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(transaction, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", cancellationToken,
                    ("v", migration.Version), ("n", migration.Name), ("t", _time.GetUtcNow())).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                LogApplied(_logger, migration.Version, migration.Name, _database.Describe);
            }

            return latest;
        }
        finally
        {
            try
            {
                // Not cancellable: the lock must go back before the connection returns to the pool.
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@ns, @key)", CancellationToken.None,
                    ("ns", _database.LockNamespace), ("key", AdvisoryLocks.Migrations)).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The session is gone, and its lock with it; the migration's own error (if any) is the one to report.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL migration {Version} ({Name}) to {Database}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string database);
}
