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
