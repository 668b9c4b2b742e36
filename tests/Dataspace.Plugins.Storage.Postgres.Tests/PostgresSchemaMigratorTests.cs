using Dataspace.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Tests;

public sealed class PostgresSchemaMigratorTests
{
    [PostgresFact]
    public async Task MigrateAsync_EmptyDatabase_CreatesTheSchema()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var database = new PostgresDatabase(db.ConnectionString);

        var version = await Migrator(database).MigrateAsync(CancellationToken.None);

        Assert.Equal(PostgresMigrations.All.Max(m => m.Version), version);
        Assert.Equal((long)PostgresMigrations.All.Count, await db.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0L, await db.ScalarAsync("SELECT count(*) FROM outbox"));
    }

    [PostgresFact]
    public async Task MigrateAsync_SeveralInstancesAtOnce_ApplyEachMigrationOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var databases = Enumerable.Range(0, 6).Select(_ => new PostgresDatabase(db.ConnectionString)).ToList();
        try
        {
            // Without the lock, concurrent CREATE TABLEs fail (duplicate key in pg_type) or a migration is recorded twice.
            var versions = await Task.WhenAll(databases.Select(d => Task.Run(() => Migrator(d).MigrateAsync(CancellationToken.None))));

            Assert.All(versions, v => Assert.Equal(PostgresMigrations.All.Max(m => m.Version), v));
            Assert.Equal((long)PostgresMigrations.All.Count, await db.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        }
        finally
        {
            foreach (var d in databases)
            {
                await d.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task MigrateAsync_AppliedAgain_ChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var database = new PostgresDatabase(db.ConnectionString);
        await Migrator(database).MigrateAsync(CancellationToken.None);
        var appliedAt = await db.ScalarAsync("SELECT max(applied_at) FROM schema_migrations");

        await Migrator(database).MigrateAsync(CancellationToken.None);

        Assert.Equal(appliedAt, await db.ScalarAsync("SELECT max(applied_at) FROM schema_migrations"));
    }

    [PostgresFact]
    public async Task MigrateAsync_DatabaseNewerThanConnector_FailsNamingBothVersions()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var database = new PostgresDatabase(db.ConnectionString);
        await Migrator(database).MigrateAsync(CancellationToken.None);
        await db.ScalarAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', now())");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(database).MigrateAsync(CancellationToken.None));

        Assert.Contains("schema version 999", error.Message);
        Assert.Contains($"this connector's {PostgresMigrations.All.Max(m => m.Version)}", error.Message);
    }

    [PostgresFact]
    public async Task MigrateAsync_FailingMigration_KeepsTheEarlierOnes_AndLeavesNothingOfIt()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var database = new PostgresDatabase(db.ConnectionString);
        PostgresMigration[] migrations =
        [
            new(1, "good", "CREATE TABLE good (id integer)"),
            new(2, "bad", "CREATE TABLE half (id integer); SELECT no_such_function();"),
        ];

        await Assert.ThrowsAsync<PostgresException>(() => Migrator(database).MigrateAsync(migrations, CancellationToken.None));

        Assert.Equal(1L, await db.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Null(await db.ScalarAsync("SELECT to_regclass('half')::text"));
        Assert.NotNull(await db.ScalarAsync("SELECT to_regclass('good')::text"));

        // The lock went back with the failure: a fixed list applies.
        Assert.Equal(2, await Migrator(database).MigrateAsync([migrations[0], new(2, "fixed", "CREATE TABLE half (id integer)")], CancellationToken.None));
    }

    private static PostgresSchemaMigrator Migrator(PostgresDatabase database) =>
        new(database, TimeProvider.System, NullLogger<PostgresSchemaMigrator>.Instance);
}
