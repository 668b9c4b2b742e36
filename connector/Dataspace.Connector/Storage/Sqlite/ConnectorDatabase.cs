using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>The embedded SQLite database in the data folder.</summary>
/// <remarks>
/// Writers of this process take turns (<see cref="WaitToWriteAsync"/>) before they touch the database: SQLite lets one
/// writer in at a time, and one that finds the lock taken sleeps in its busy handler (1 to 100 ms, blocking its thread)
/// for far longer than the lock is held, so colliding writers serialise on sleeps. Queued on the turn they wait without
/// a thread and go in the moment the previous writer is done. The busy handler stays for other processes sharing the
/// file (the CLI). Readers never wait: in WAL mode they read a snapshot beside the writer.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The write gate's SemaphoreSlim holds no wait handle (AvailableWaitHandle is never read): nothing to dispose.")]
public sealed class ConnectorDatabase
{
    /// <summary>How long a writer waits for another process's write lock before its statement fails.</summary>
    private const int BusyTimeoutMs = 30_000;

    /// <summary>The database file name inside the data folder.</summary>
    public const string FileName = "connector.db";

    // Native connections already set up: pooled connections keep their native handle (and its pragmas) between opens,
    // so the pragmas run once per native connection instead of once per open (a statement on every store call).
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];
    private readonly string _pragmas;
    private readonly SQLitePCL.delegate_commit _countCommit;
    private readonly SemaphoreSlim _writers = new(1, 1);

    // Held for the process's life on purpose: pooled native connections keep the busy handler pointing at it after this
    // object is gone (one small object per database handle, which the host creates once).
    private readonly GCHandle _busy = GCHandle.Alloc(new BusyCounter(BusyTimeoutMs));
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
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA foreign_keys = ON; PRAGMA synchronous = {(int)synchronous};");
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

    /// <summary>Times a statement found the database locked by another connection and slept before trying again.</summary>
    /// <remarks>Stays at zero while this process is the only writer: its writers queue on <see cref="WaitToWriteAsync"/> instead.</remarks>
    public long BusyWaits => Interlocked.Read(ref ((BusyCounter)_busy.Target!).Waits);

    /// <summary>
    /// Waits until this process's other writers are done, then holds the turn until it is disposed: take it before the
    /// first statement that writes (a transaction, or an INSERT, UPDATE or DELETE on its own) and dispose it after the
    /// commit or rollback. Readers do not take it.
    /// </summary>
    /// <remarks>Not re-entrant: a writer holding the turn must not wait for it again.</remarks>
    public async Task<DatabaseWriteTurn> WaitToWriteAsync(CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new DatabaseWriteTurn(_writers);
    }

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
                SqliteBusyHandler.Install(handle, _busy);
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
