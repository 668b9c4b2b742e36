using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage;

/// <summary>The embedded SQLite database in the data folder.</summary>
public sealed class ConnectorDatabase
{
    /// <summary>The database file name inside the data folder.</summary>
    public const string FileName = "connector.db";

    /// <summary>Creates the database handle for <paramref name="dataDirectory"/>.</summary>
    public ConnectorDatabase(string dataDirectory)
    {
        FilePath = Path.Combine(dataDirectory, FileName);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>The connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Opens a connection with the pragmas every connection needs.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
