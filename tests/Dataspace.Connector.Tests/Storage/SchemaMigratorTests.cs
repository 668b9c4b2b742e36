using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Connector.Tests.Storage;

public sealed class SchemaMigratorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MigrateAsync_Twice_AppliesEachMigrationOnce()
    {
        var database = new ConnectorDatabase(_temp.Path);
        var migrator = new SchemaMigrator(database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
        Migration[] migrations =
        [
            new(1, "one", "CREATE TABLE t1 (x INTEGER);"),
            new(2, "two", "INSERT INTO t1 VALUES (42);"),
        ];

        Assert.Equal(2, await migrator.MigrateAsync(migrations, CancellationToken.None));
        Assert.Equal(2, await migrator.MigrateAsync(migrations, CancellationToken.None));

        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM t1";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_Version6_TurnsTheInitialSuffixIntoThePurpose()
    {
        var database = new ConnectorDatabase(_temp.Path);
        var migrator = new SchemaMigrator(database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync([.. Migrations.All.Where(m => m.Version <= 5)], CancellationToken.None);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using (var insert = connection.CreateCommand())
        {
            // Rows as version 5 stored them: a first request marked by ':initial', a plain notification.
            insert.CommandText = """
                INSERT INTO outbox (process_kind, message_type, process_id, url, body, counter_party_id, next_attempt_at, created_at)
                VALUES ('negotiation', 'ContractRequestMessage:initial', 'n1', 'https://peer/x', x'00', 'did:web:peer', '2026-01-01', '2026-01-01'),
                       ('transfer', 'TransferStartMessage', 't1', 'https://peer/y', x'00', 'did:web:peer', '2026-01-01', '2026-01-01');
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await migrator.MigrateAsync(CancellationToken.None);

        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT group_concat(message_type || '=' || purpose, ',') FROM (SELECT message_type, purpose FROM outbox ORDER BY id)";
        Assert.Equal("ContractRequestMessage=1,TransferStartMessage=0", await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_FailingMigration_RollsItBackAndKeepsEarlierOnes()
    {
        var database = new ConnectorDatabase(_temp.Path);
        var migrator = new SchemaMigrator(database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
        Migration[] migrations =
        [
            new(1, "one", "CREATE TABLE t1 (x INTEGER);"),
            new(2, "broken", "CREATE TABLE t2 (y INTEGER); INSERT INTO nowhere VALUES (1);"),
        ];

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => migrator.MigrateAsync(migrations, CancellationToken.None));

        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table' AND name LIKE 't%'";
        Assert.Equal("t1", await command.ExecuteScalarAsync());
    }
}
