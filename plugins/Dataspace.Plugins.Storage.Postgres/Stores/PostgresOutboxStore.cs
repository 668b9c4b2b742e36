using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>
/// The outbox shared by every instance on the database. Claiming locks due rows with <c>FOR UPDATE SKIP LOCKED</c> and
/// marks them <c>claimed_by</c> this instance's liveness key; waiting for work is a LISTEN on the outbox's channel.
/// </summary>
/// <remarks>
/// No claim ever expires: in the same transaction as a claim, the instance frees the claims of instances whose liveness
/// lock it can take, which the database allows only once their session has ended. A slow delivery keeps its claim.
/// </remarks>
internal sealed class PostgresOutboxStore : IOutboxStore
{
    private readonly PostgresDatabase _database;
    private readonly PostgresInstance _instance;
    private readonly PostgresOutbox _outbox;
    private readonly TimeProvider _time;

    // When this instance next looks for dead instances' claims (a TimeProvider timestamp; 0 = at the next claim).
    private long _nextTakeOver;

    public PostgresOutboxStore(PostgresDatabase database, PostgresInstance instance, PostgresOutbox outbox, TimeProvider time)
    {
        _database = database;
        _instance = instance;
        _outbox = outbox;
        _time = time;
    }

    /// <summary>
    /// How often a claiming instance looks for the claims of dead instances. Looking costs two UPDATEs and a lock test per
    /// registered instance; on every claim it made each added instance cost the database more than it saved. Liveness is
    /// still decided by the database alone (a free advisory lock): the interval only delays the take-over of a dead
    /// instance's work, never hands over a live one's.
    /// </summary>
    internal static readonly TimeSpan TakeOverInterval = TimeSpan.FromSeconds(1);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string instanceId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var me = _instance.LockKey;
        if (me <= 0)
        {
            throw new InvalidOperationException("the PostgreSQL storage is not started: IStorageLifecycle.MigrateAsync must run before the outbox is read");
        }

        // Oldest first, at most one per process (no earlier message of its process is still there, claimed or held), and
        // rows another instance is claiming right now are skipped rather than waited for.
        var claimed = await ClaimAsync(me,
            """
            WITH due AS (
                SELECT o.id FROM outbox o
                WHERE o.claimed_by IS NULL AND o.next_attempt_at <= @now
                  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.process_id = o.process_id AND p.id < o.id)
                ORDER BY o.id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox SET claimed_by = @me, claimed_at = @now
            FROM due WHERE outbox.id = due.id
            RETURNING outbox.id, outbox.process_kind, outbox.process_id, outbox.message_type, outbox.url, outbox.body, outbox.counter_party_id, outbox.attempts, outbox.purpose
            """,
            r => new OutboxMessage(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<byte[]>(5), r.GetString(6))
            {
                Id = r.GetInt64(0),
                Attempts = r.GetInt32(7),
                Purpose = (OutboxPurpose)r.GetInt32(8),
                ClaimedBy = instanceId,
            },
            now, limit, cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(m => m.Id)];
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM outbox WHERE id = @id", cancellationToken, ("id", message.Id)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RescheduleAsync(OutboxMessage message, DateTimeOffset nextAttemptAt, string failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // A rescheduled message may fall due before a sleeping instance meant to look again: wake them to re-plan.
        await connection.ExecuteAsync("""
            UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @t, last_error = @e, claimed_by = NULL, claimed_at = NULL WHERE id = @id;
            SELECT pg_notify(@channel, '');
            """, cancellationToken, ("id", message.Id), ("t", NpgsqlCommands.Utc(nextAttemptAt)), ("e", failure), ("channel", _database.Channel)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task AbandonAsync(OutboxMessage message, string reason, CancellationToken cancellationToken) => CompleteAsync(message, cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> IsPendingAsync(string processId, string? messageType, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ScalarAsync("SELECT 1 FROM outbox WHERE process_id = @p AND (@m::text IS NULL OR message_type = @m::text) LIMIT 1", cancellationToken,
            ("p", processId), ("m", messageType)).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc/>
    /// <remarks>A message held until the answer to its cause is sent counts as claimed (by this instance; see <see cref="PostgresOutbox"/>).</remarks>
    public async Task<bool> IsClaimedAsync(string processId, string messageType, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ScalarAsync("SELECT 1 FROM outbox WHERE process_id = @p AND message_type = @m AND claimed_by IS NOT NULL LIMIT 1", cancellationToken,
            ("p", processId), ("m", messageType)).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc/>
    public async Task ExpediteAsync(string processId, string messageType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            UPDATE outbox SET next_attempt_at = @t WHERE process_id = @p AND message_type = @m AND claimed_by IS NULL AND next_attempt_at > @t;
            SELECT pg_notify(@channel, '');
            """, cancellationToken, ("p", processId), ("m", messageType), ("t", NpgsqlCommands.Utc(now)), ("channel", _database.Channel)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task WaitForWorkAsync(DateTimeOffset now, TimeSpan idle, CancellationToken cancellationToken)
    {
        DateTimeOffset? next;
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            next = await connection.ScalarAsync(
                "SELECT least((SELECT min(next_attempt_at) FROM outbox WHERE claimed_by IS NULL), (SELECT min(due_at) FROM process_steps WHERE claimed_by IS NULL))",
                cancellationToken).ConfigureAwait(false) is DateTime due
                ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc))
                : null;
        }

        var wait = idle;
        if (next is { } at)
        {
            var untilDue = at - now;
            if (untilDue <= TimeSpan.Zero)
            {
                return;
            }

            wait = untilDue < idle ? untilDue : idle;
        }

        // A NOTIFY since the last wait is remembered, so work stored between the claim and this call is not slept through.
        await _instance.WaitForNotificationAsync(wait, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ProcessStep>> ClaimStepsAsync(string instanceId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var me = _instance.LockKey;
        if (me <= 0)
        {
            throw new InvalidOperationException("the PostgreSQL storage is not started: IStorageLifecycle.MigrateAsync must run before process steps are read");
        }

        // Oldest first; rows another instance is claiming right now are skipped rather than waited for. Unlike messages,
        // steps of one process may run at once (their handlers move a process only from the state they read).
        var claimed = await ClaimAsync(me,
            """
            WITH due AS (
                SELECT s.id FROM process_steps s
                WHERE s.claimed_by IS NULL AND s.due_at <= @now
                ORDER BY s.id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            UPDATE process_steps SET claimed_by = @me, claimed_at = @now
            FROM due WHERE process_steps.id = due.id
            RETURNING process_steps.id, process_steps.process_kind, process_steps.process_id, process_steps.name, process_steps.argument, process_steps.attempts
            """,
            r => new ProcessStep(r.GetString(1), r.GetString(2), r.GetString(3))
            {
                Id = r.GetInt64(0),
                Argument = r.IsDBNull(4) ? null : r.GetString(4),
                Attempts = r.GetInt32(5),
                ClaimedBy = instanceId,
            },
            now, limit, cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(s => s.Id)];
    }

    /// <inheritdoc/>
    public Task ScheduleStepAsync(ProcessStep processStep, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        return _outbox.ScheduleStepAsync(processStep, dueAt, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task CompleteStepAsync(ProcessStep processStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM process_steps WHERE id = @id", cancellationToken, ("id", processStep.Id)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RescheduleStepAsync(ProcessStep processStep, DateTimeOffset nextAttemptAt, string failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            UPDATE process_steps SET attempts = attempts + 1, due_at = @t, last_error = @e, claimed_by = NULL, claimed_at = NULL WHERE id = @id;
            SELECT pg_notify(@channel, '');
            """, cancellationToken, ("id", processStep.Id), ("t", NpgsqlCommands.Utc(nextAttemptAt)), ("e", failure), ("channel", _database.Channel)).ConfigureAwait(false);
    }

    // Frees the claims of instances whose liveness lock is free (their session ended), and claims naming no registered
    // instance, then claims with `claim`: one batch, so one round trip and one (implicit) transaction. The claim sees what
    // the take-over freed, the xact locks taken to test the others' locks go back at commit, and no row lock or
    // advisory lock is held while this process waits between statements for its CPU (a loaded instance would otherwise
    // hold every other instance's claims up). An instance whose session lives keeps its lock, so its claims are never touched.
    private async Task<List<T>> ClaimAsync<T>(int me, string claim, Func<NpgsqlDataReader, T> map, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var takeOver = TakeOverDue();
        if (takeOver)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(TakeOverDead)
            {
                Parameters = { new("me", me), new("ns", _database.LockNamespace), new("channel", _database.Channel) },
            });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(claim)
        {
            Parameters = { new("now", NpgsqlCommands.Utc(now)), new("limit", limit), new("me", me) },
        });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        // Past the take-over's result (a row only if it notified); then the claimed rows.
        if (takeOver)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        var claimed = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(map(reader));
        }

        return claimed;
    }

    private bool TakeOverDue()
    {
        var now = _time.GetTimestamp();
        var next = Interlocked.Read(ref _nextTakeOver);
        if (next != 0 && now < next)
        {
            return false;
        }

        // One concurrent claimer looks; the others claim without looking.
        var interval = (long)(TakeOverInterval.TotalSeconds * _time.TimestampFrequency);
        return Interlocked.CompareExchange(ref _nextTakeOver, now + interval, next) == next;
    }

    // Other waiting instances may claim what a dead one held: they are notified (at commit) when anything was freed.
    private const string TakeOverDead =
        """
        WITH dead AS MATERIALIZED (
            SELECT lock_key FROM connector_instances
            WHERE lock_key <> @me AND pg_try_advisory_xact_lock(@ns, lock_key)),
        gone AS (
            DELETE FROM connector_instances WHERE lock_key IN (SELECT lock_key FROM dead)),
        released AS (
            UPDATE outbox SET claimed_by = NULL, claimed_at = NULL
            WHERE claimed_by IN (SELECT lock_key FROM dead)
               OR (claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM connector_instances i WHERE i.lock_key = outbox.claimed_by))
            RETURNING 1),
        released_steps AS (
            UPDATE process_steps SET claimed_by = NULL, claimed_at = NULL
            WHERE claimed_by IN (SELECT lock_key FROM dead)
               OR (claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM connector_instances i WHERE i.lock_key = process_steps.claimed_by))
            RETURNING 1)
        SELECT pg_notify(@channel, '')
        FROM (SELECT (SELECT count(*) FROM released) + (SELECT count(*) FROM released_steps) AS freed) f
        WHERE f.freed > 0
        """;
}
