using Dataspace.Plugins.Storage.Postgres.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>
/// This connector instance as the database sees it: a row in <c>connector_instances</c> and a dedicated session that
/// holds the instance's advisory lock (its liveness) and LISTENs on the outbox's channel, which the outbox trigger
/// notifies at commit.
/// </summary>
/// <remarks>
/// Claims are never released by a timer: another instance takes over this one's claims only once its lock is free,
/// which the database guarantees happens only when the session ended (process crash, network loss, shutdown). If the
/// session is lost while the process lives, the instance registers again under a new key, because its old claims may
/// already have been taken over.
/// </remarks>
internal sealed partial class PostgresInstance : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresInstance> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly string _name;
    private NpgsqlConnection? _session;
    private Task? _listening;
    private volatile int _lockKey;
    private int _disposed;

    public PostgresInstance(PostgresDatabase database, TimeProvider time, ILogger<PostgresInstance> logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
        _name = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    /// <summary>The key of this instance's liveness lock, recorded as <c>claimed_by</c> on the messages it claims; 0 before <see cref="StartAsync"/>.</summary>
    public int LockKey => _lockKey;

    /// <summary>A readable name: host, process and a random part.</summary>
    public string Name => _name;

    /// <summary>Registers the instance, takes its liveness lock and starts listening, after migrations; later calls do nothing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_listening is not null)
            {
                return;
            }

            _session = await RegisterAsync(cancellationToken).ConfigureAwait(false);
            _listening = Task.Run(() => ListenAsync(_stopping.Token), CancellationToken.None);
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// Waits until another transaction changed the outbox (a NOTIFY arrived), the listening session was re-established
    /// (notifications may have been missed), or <paramref name="timeout"/> passed. Returns whether it was woken.
    /// </summary>
    public Task<bool> WaitForNotificationAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    /// <summary>Wakes a waiter now (something in this process changed the outbox).</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one wake-up covers every change before it.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: nobody waits any more.
        }
    }

    /// <summary>Ends the liveness session after giving back this instance's claims (a clean shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listening is not null)
        {
            try
            {
                await _listening.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        if (_session is not null)
        {
            try
            {
                await using var connection = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                await connection.ExecuteAsync("""
                    UPDATE outbox SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = @me;
                    UPDATE process_steps SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = @me;
                    DELETE FROM connector_instances WHERE lock_key = @me;
                    SELECT pg_notify(@channel, '');
                    """, CancellationToken.None, ("me", _lockKey), ("channel", _database.Channel)).ConfigureAwait(false);
            }
            catch (NpgsqlException e)
            {
                // The database is unreachable: the claims stay until another instance finds this one's lock free.
                LogReleaseFailed(_logger, _name, e);
            }

            await _session.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _starting.Dispose();
        _wake.Dispose();
    }

    /// <summary>As <see cref="DisposeAsync"/>, for a container disposed synchronously (only at shutdown).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Ends the liveness session without giving anything back, as a crash would (for tests).</summary>
    internal async Task AbandonAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listening is not null)
        {
            try
            {
                await _listening.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        if (_session is not null)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
            _session = null;
        }
    }

    /// <summary>The backend process id of the liveness session (for tests that end it from outside).</summary>
    internal int SessionProcessId => _session?.ProcessID ?? 0;

    private async Task<NpgsqlConnection> RegisterAsync(CancellationToken cancellationToken)
    {
        var session = new NpgsqlConnection(_database.ListenerConnectionString);
        try
        {
            await session.OpenAsync(cancellationToken).ConfigureAwait(false);
            session.Notification += (_, _) => Wake();

            // The row becomes visible only with its lock already held, so no other instance ever sees it "dead" early.
            await using (var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = (int)(await session.ScalarAsync(transaction,
                    "INSERT INTO connector_instances (name, started_at) VALUES (@n, @t) RETURNING lock_key", cancellationToken,
                    ("n", _name), ("t", _time.GetUtcNow())).ConfigureAwait(false))!;
                await session.ExecuteAsync(transaction, "SELECT pg_advisory_lock(@ns, @key)", cancellationToken,
                    ("ns", _database.LockNamespace), ("key", key)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                _lockKey = key;
            }

            await session.ExecuteAsync($"LISTEN {_database.Channel}", cancellationToken).ConfigureAwait(false);
            LogRegistered(_logger, _name, _lockKey, _database.Describe);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (_session is null)
                {
                    _session = await RegisterAsync(stopping).ConfigureAwait(false);
                    delay = TimeSpan.FromMilliseconds(200);

                    // Changes made while nobody listened were not announced: look once.
                    Wake();
                }

                // Returns after each notification (handled by the event above); throws when the session breaks.
                await _session.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                LogSessionLost(_logger, _name, _lockKey, delay, e);
                if (_session is not null)
                {
                    await _session.DisposeAsync().ConfigureAwait(false);
                    _session = null;
                }

                Wake();
                try
                {
                    await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector instance {Name} registered as {LockKey} on {Database}; it holds that liveness lock while it runs")]
    private static partial void LogRegistered(ILogger logger, string name, int lockKey, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector instance {Name} lost its PostgreSQL liveness session (key {LockKey}); other instances may take over its claims; registering again in {Delay}")]
    private static partial void LogSessionLost(ILogger logger, string name, int lockKey, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector instance {Name} could not give back its outbox claims at shutdown; another instance takes them over once it sees this one gone")]
    private static partial void LogReleaseFailed(ILogger logger, string name, Exception exception);
}
