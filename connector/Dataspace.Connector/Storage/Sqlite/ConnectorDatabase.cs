using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

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

    // Whether the database file and its -wal and -shm are known to be owner-only (0600).
    private volatile bool _private;

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>The connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Opens a connection with the pragmas every connection needs.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_private)
        {
            MakePrivate();
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (!_private)
            {
                // The first connection may have created -wal and -shm: SQLite gives them the database file's mode, but
                // ones left by an older version keep theirs.
                MakePrivate();
                _private = true;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // SQLite creates -wal and -shm with the database file's own mode, so a database created 0600 keeps them 0600 too.
    private void MakePrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Opening for write without truncating creates the file owner-only, or tightens an existing one.
        PrivateFiles.OpenWrite(FilePath, FileMode.OpenOrCreate).Dispose();
        foreach (var suffix in (ReadOnlySpan<string>)["-wal", "-shm", "-journal"])
        {
            PrivateFiles.Restrict(FilePath + suffix);
        }
    }
}
