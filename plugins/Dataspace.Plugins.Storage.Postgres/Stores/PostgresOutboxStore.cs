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
    private readonly PostgresHandOff _handOff;
    private readonly TimeProvider _time;

    // When the next unclaimed row falls due, as the last ClaimWorkAsync read it (null = ask); used by the next wait.
    private KnownDue? _nextDue;

    // When this instance next looks for dead instances' claims (a TimeProvider timestamp; 0 = at the next claim).
    private long _nextTakeOver;

    public PostgresOutboxStore(PostgresDatabase database, PostgresInstance instance, PostgresOutbox outbox, PostgresHandOff handOff, TimeProvider time)
    {
        _database = database;
        _instance = instance;
        _outbox = outbox;
        _handOff = handOff;
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
        return (await ClaimBatchAsync(instanceId, now, limit, 0, false, cancellationToken).ConfigureAwait(false)).Messages;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One batch, so one round trip and one (implicit) transaction: the rows this instance kept after answering
    /// (<see cref="PostgresHandOff"/>), due messages, due steps, and the time the next unclaimed row falls due, which the
    /// following <see cref="WaitForWorkAsync"/> uses instead of asking again.
    /// </remarks>
    public async Task<OutboxWork> ClaimWorkAsync(string instanceId, DateTimeOffset now, int messageLimit, int stepLimit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(stepLimit);
        return await ClaimBatchAsync(instanceId, now, messageLimit, stepLimit, true, cancellationToken).ConfigureAwait(false);
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
        // The claim just before (the worker's) read the next due time in its round trip; anything stored or released
        // since then notifies, and the notification is remembered until this wait.
        DateTimeOffset? next;
        if (Interlocked.Exchange(ref _nextDue, null) is { } known)
        {
            next = known.At;
        }
        else
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            next = ReadDue(await connection.ScalarAsync(NextDue, cancellationToken).ConfigureAwait(false));
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
        return (await ClaimBatchAsync(instanceId, now, 0, limit, false, cancellationToken).ConfigureAwait(false)).Steps;
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
    // instance, then claims: one batch, so one round trip and one (implicit) transaction. The claim sees what the
    // take-over freed, the xact locks taken to test the others' locks go back at commit, and no row lock or advisory lock
    // is held while this process waits between statements for its CPU (a loaded instance would otherwise hold every other
    // instance's claims up). An instance whose session lives keeps its lock, so its claims are never touched.
    private async Task<OutboxWork> ClaimBatchAsync(string instanceId, DateTimeOffset now, int messageLimit, int stepLimit, bool readNextDue, CancellationToken cancellationToken)
    {
        var me = _instance.LockKey;
        if (me <= 0)
        {
            throw new InvalidOperationException("the PostgreSQL storage is not started: IStorageLifecycle.MigrateAsync must run before the outbox is read");
        }

        var keptMessages = _handOff.TakeMessages(messageLimit);
        var keptSteps = _handOff.TakeSteps(stepLimit);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection);
            var takeOver = TakeOverDue();
            if (takeOver)
            {
                Add(batch, TakeOverDead, ("me", me), ("ns", _database.LockNamespace), ("channel", _database.Channel));
            }

            var utcNow = NpgsqlCommands.Utc(now);
            if (keptMessages.Length > 0)
            {
                Add(batch, HandOffMessages, ("ids", keptMessages), ("me", me), ("now", utcNow));
            }

            var claimMessages = messageLimit - keptMessages.Length;
            if (claimMessages > 0)
            {
                Add(batch, ClaimMessages, ("now", utcNow), ("limit", claimMessages), ("me", me));
            }

            if (keptSteps.Length > 0)
            {
                Add(batch, HandOffSteps, ("ids", keptSteps), ("me", me), ("now", utcNow));
            }

            var claimSteps = stepLimit - keptSteps.Length;
            if (claimSteps > 0)
            {
                Add(batch, ClaimSteps, ("now", utcNow), ("limit", claimSteps), ("me", me));
            }

            if (readNextDue)
            {
                Add(batch, NextDue);
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var messages = new List<OutboxMessage>();
            var steps = new List<ProcessStep>();
            var first = true;

            // Each command above returns one result set, read in the same order.
            async Task<bool> NextAsync()
            {
                if (first)
                {
                    first = false;
                    return true;
                }

                return await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            if (takeOver)
            {
                await NextAsync().ConfigureAwait(false); // A row only if it notified.
            }

            if (keptMessages.Length > 0)
            {
                await NextAsync().ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    // A kept message queued behind an earlier one of its process was released instead (see HandOffMessages).
                    if (!reader.GetBoolean(9))
                    {
                        messages.Add(ReadMessage(reader, instanceId));
                    }
                }
            }

            if (claimMessages > 0)
            {
                await NextAsync().ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    messages.Add(ReadMessage(reader, instanceId));
                }
            }

            if (keptSteps.Length > 0)
            {
                await NextAsync().ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    // A kept step not due yet was released for its time instead (see HandOffSteps).
                    if (reader.GetBoolean(6))
                    {
                        steps.Add(ReadStep(reader, instanceId));
                    }
                }
            }

            if (claimSteps > 0)
            {
                await NextAsync().ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    steps.Add(ReadStep(reader, instanceId));
                }
            }

            if (readNextDue)
            {
                await NextAsync().ConfigureAwait(false);
                var due = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDue(reader.IsDBNull(0) ? null : reader.GetValue(0)) : null;
                Volatile.Write(ref _nextDue, new KnownDue(due));
            }

            messages.Sort((x, y) => x.Id.CompareTo(y.Id));
            steps.Sort((x, y) => x.Id.CompareTo(y.Id));
            return messages.Count + steps.Count == 0 ? OutboxWork.None : new OutboxWork(messages, steps);
        }
        catch
        {
            // Still this instance's claims: the next claim takes them.
            _handOff.Add(keptMessages, keptSteps);
            throw;
        }
    }

    private static void Add(NpgsqlBatch batch, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }

        batch.BatchCommands.Add(command);
    }

    private static OutboxMessage ReadMessage(NpgsqlDataReader r, string instanceId) =>
        new(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<byte[]>(5), r.GetString(6))
        {
            Id = r.GetInt64(0),
            Attempts = r.GetInt32(7),
            Purpose = (OutboxPurpose)r.GetInt32(8),
            ClaimedBy = instanceId,
        };

    private static ProcessStep ReadStep(NpgsqlDataReader r, string instanceId) =>
        new(r.GetString(1), r.GetString(2), r.GetString(3))
        {
            Id = r.GetInt64(0),
            Argument = r.IsDBNull(4) ? null : r.GetString(4),
            Attempts = r.GetInt32(5),
            ClaimedBy = instanceId,
        };

    private static DateTimeOffset? ReadDue(object? value) =>
        value is DateTime due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null;

    // Oldest first, at most one per process (no earlier message of its process is still there, claimed or held), and
    // rows another instance is claiming right now are skipped rather than waited for.
    private const string ClaimMessages =
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
        """;

    // Messages kept after answering, still there and still this instance's: claimed for sending, unless an earlier message
    // of their process is still there (they were stored behind it). Those are released in the same statement (one snapshot
    // decides both), to be claimed by any instance once the earlier one is settled, whose deletion notifies.
    private const string HandOffMessages =
        """
        WITH kept AS (
            SELECT o.id, EXISTS (SELECT 1 FROM outbox p WHERE p.process_id = o.process_id AND p.id < o.id) AS queued
            FROM outbox o WHERE o.id = ANY(@ids) AND o.claimed_by = @me)
        UPDATE outbox SET claimed_by = CASE WHEN kept.queued THEN NULL ELSE outbox.claimed_by END,
                          claimed_at = CASE WHEN kept.queued THEN NULL ELSE @now END
        FROM kept WHERE outbox.id = kept.id
        RETURNING outbox.id, outbox.process_kind, outbox.process_id, outbox.message_type, outbox.url, outbox.body, outbox.counter_party_id, outbox.attempts, outbox.purpose, kept.queued
        """;

    // Oldest first; rows another instance is claiming right now are skipped rather than waited for. Unlike messages,
    // steps of one process may run at once (their handlers move a process only from the state they read).
    private const string ClaimSteps =
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
        """;

    // Steps kept after answering, still there and still this instance's: claimed to run if due, else released for their time.
    private const string HandOffSteps =
        """
        UPDATE process_steps SET claimed_by = CASE WHEN due_at <= @now THEN claimed_by END,
                                 claimed_at = CASE WHEN due_at <= @now THEN @now END
        WHERE id = ANY(@ids) AND claimed_by = @me
        RETURNING id, process_kind, process_id, name, argument, attempts, claimed_by IS NOT NULL
        """;

    // When the next unclaimed row falls due. A message queued behind an earlier one of its process is not counted: it
    // cannot be claimed before that one is settled (which notifies), and counting it would wake the worker at once, again
    // and again, while the earlier one is being sent.
    private const string NextDue =
        """
        SELECT least(
            (SELECT min(o.next_attempt_at) FROM outbox o
             WHERE o.claimed_by IS NULL AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.process_id = o.process_id AND p.id < o.id)),
            (SELECT min(due_at) FROM process_steps WHERE claimed_by IS NULL))
        """;

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

    private sealed record KnownDue(DateTimeOffset? At);
}
