using System.Globalization;
using System.Runtime.CompilerServices;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>The embedded SQLite database in the data folder.</summary>
public sealed class ConnectorDatabase
{
    /// <summary>The database file name inside the data folder.</summary>
    public const string FileName = "connector.db";

    // Native connections already set up: pooled connections keep their native handle (and its pragmas) between opens,
    // so the pragmas run once per native connection instead of once per open (a statement on every store call).
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];
    private readonly string _pragmas;
    private readonly SQLitePCL.delegate_commit _countCommit;
    private long _commits;

    /// <summary>Creates the database handle for <paramref name="dataDirectory"/> with the default <see cref="DatabaseSynchronous.Full"/> commits.</summary>
    public ConnectorDatabase(string dataDirectory)
        : this(dataDirectory, DatabaseSynchronous.Full)
    {
    }

    /// <summary>Creates the database handle for <paramref name="dataDirectory"/> with <paramref name="synchronous"/> commits.</summary>
    public ConnectorDatabase(string dataDirectory, DatabaseSynchronous synchronous)
    {
        if (!Enum.IsDefined(synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(synchronous), synchronous, "Connector:DatabaseSynchronous must be Normal or Full");
        }

        Synchronous = synchronous;
        _countCommit = _ =>
        {
            Interlocked.Increment(ref _commits);
            return 0; // Non-zero would turn the commit into a rollback.
        };
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = {(int)synchronous};");
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

    /// <summary>How each commit is synced to disk.</summary>
    public DatabaseSynchronous Synchronous { get; }

    /// <summary>Write transactions committed through this handle so far (each one a sync of the WAL with <see cref="DatabaseSynchronous.Full"/>).</summary>
    /// <remarks>What a unit of work costs the disk: the throughput benchmark prints it per negotiation.</remarks>
    public long Commits => Interlocked.Read(ref _commits);

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
            var handle = connection.Handle!;
            if (!_configured.TryGetValue(handle, out _))
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = _pragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                // Called by SQLite for write transactions only (a read commits nothing), on the committing thread.
                SQLitePCL.raw.sqlite3_commit_hook(handle, _countCommit, null);
                _configured.AddOrUpdate(handle, handle);
            }
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
