using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Tests.Storage;

public sealed class ConnectorDatabaseTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(DatabaseSynchronous.Normal, 1L)]
    [InlineData(DatabaseSynchronous.Full, 2L)]
    public async Task OpenAsync_PooledConnectionOpenedAgain_KeepsEveryPragma(DatabaseSynchronous synchronous, long expected)
    {
        Directory.CreateDirectory(_temp.Sub(synchronous.ToString()));
        var database = new ConnectorDatabase(_temp.Sub(synchronous.ToString()), synchronous);
        SQLitePCL.sqlite3 first;
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            first = connection.Handle!;
            Assert.Equal((1L, expected), await PragmasAsync(connection));
        }

        // The second open reuses the pooled native connection, where the pragmas are not run again.
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            Assert.Same(first, connection.Handle);
            Assert.Equal((1L, expected), await PragmasAsync(connection));
        }
    }

    [Fact]
    public async Task OpenAsync_ForeignKeys_AreEnforcedOnAReusedConnection()
    {
        var database = new ConnectorDatabase(_temp.Path);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await ExecuteAsync(connection, "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent (id));");
        }

        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            var e = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "INSERT INTO child VALUES (42)"));
            Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT
        }
    }

    [Fact]
    public void Constructor_UndefinedSynchronous_ThrowsNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectorDatabase(_temp.Path, (DatabaseSynchronous)0));

        Assert.Contains("Connector:DatabaseSynchronous", e.Message, StringComparison.Ordinal);
    }

    // The busy timeout is SqliteBusyHandler's, which PRAGMA busy_timeout does not show: SqliteWriteGateTests covers it.
    private static async Task<(long ForeignKeys, long Synchronous)> PragmasAsync(SqliteConnection connection) =>
        ((long)(await ScalarAsync(connection, "PRAGMA foreign_keys"))!, (long)(await ScalarAsync(connection, "PRAGMA synchronous"))!);

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
