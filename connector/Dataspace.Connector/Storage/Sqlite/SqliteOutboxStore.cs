using Dataspace.Connector.Protocol;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>
/// The outbox in the embedded database: rows are written by the process stores together with state changes, claimed
/// by this process's dispatcher, and woken by <see cref="OutboxSignal"/> (the database has one process, so an in-memory
/// signal reaches every claimer).
/// </summary>
/// <remarks>Claims die with the process: <see cref="SqliteStorageLifecycle.MigrateAsync"/> releases them at start-up.</remarks>
public sealed class SqliteOutboxStore : IOutboxStore
{
    // Claimable: due, unclaimed, not held, and the oldest message of its process (the rest keep their order behind it).
    private const string Claimable = """
        o.claimed_by IS NULL
        AND o.id NOT IN (SELECT value FROM json_each($held))
        AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.process_id = o.process_id AND p.id < o.id)
        """;

    private readonly ConnectorDatabase _database;
    private readonly OutboxSignal _signal;

    /// <summary>Creates the store.</summary>
    public SqliteOutboxStore(ConnectorDatabase database, OutboxSignal signal)
    {
        _database = database;
        _signal = signal;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string instanceId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var held = HeldJson();
        if (!await AnyDueAsync(connection, $"SELECT 1 FROM outbox o WHERE o.next_attempt_at <= $now AND {Claimable} LIMIT 1", now, held, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        // The claim itself reads again under the write lock: claimers at once each get other rows.
        var claimed = await connection.QueryAsync(
            $"""
            UPDATE outbox SET claimed_by = $me
            WHERE id IN (SELECT o.id FROM outbox o WHERE o.next_attempt_at <= $now AND {Claimable} ORDER BY o.id LIMIT $limit)
            RETURNING id, process_kind, process_id, message_type, url, body, counter_party_id, attempts, purpose
            """,
            r => new OutboxMessage(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), (byte[])r.GetValue(5), r.GetString(6))
            {
                Id = r.GetInt64(0),
                Attempts = r.GetInt32(7),
                ClaimedBy = instanceId,
                Purpose = (OutboxPurpose)r.GetInt32(8),
            },
            cancellationToken, ("$me", instanceId), ("$now", StoreJson.Timestamp(now)), ("$limit", limit), ("$held", held)).ConfigureAwait(false);

        // A row stored (and held) after the held snapshot but committed before the update was claimed: holds are taken
        // before commit, so whatever was claimed while held is in the live set now; it goes back unclaimed.
        var heldNow = claimed.Where(m => _signal.IsHeld(m.Id)).Select(m => m.Id).ToList();
        if (heldNow.Count > 0)
        {
            await connection.ExecuteAsync("UPDATE outbox SET claimed_by = NULL WHERE id IN (SELECT value FROM json_each($ids))", cancellationToken,
                ("$ids", "[" + string.Join(',', heldNow) + "]")).ConfigureAwait(false);
            claimed.RemoveAll(m => heldNow.Contains(m.Id));
        }

        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await DeleteAsync(message.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RescheduleAsync(OutboxMessage message, DateTimeOffset nextAttemptAt, string failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $t, last_error = $e, claimed_by = NULL WHERE id = $id", cancellationToken,
            ("$id", message.Id), ("$t", StoreJson.Timestamp(nextAttemptAt)), ("$e", failure)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task AbandonAsync(OutboxMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await DeleteAsync(message.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> IsPendingAsync(string processId, string? messageType, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ScalarAsync("SELECT 1 FROM outbox WHERE process_id = $p AND ($m IS NULL OR message_type = $m) LIMIT 1", cancellationToken, ("$p", processId), ("$m", messageType)).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc/>
    public async Task<bool> IsClaimedAsync(string processId, string messageType, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ScalarAsync("SELECT 1 FROM outbox WHERE process_id = $p AND message_type = $m AND claimed_by IS NOT NULL LIMIT 1", cancellationToken,
            ("$p", processId), ("$m", messageType)).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc/>
    public async Task ExpediteAsync(string processId, string messageType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await connection.ExecuteAsync("UPDATE outbox SET next_attempt_at = $t WHERE process_id = $p AND message_type = $m AND claimed_by IS NULL AND next_attempt_at > $t", cancellationToken,
                ("$p", processId), ("$m", messageType), ("$t", StoreJson.Timestamp(now))).ConfigureAwait(false);
        }

        _signal.Notify();
    }

    /// <inheritdoc/>
    public async Task WaitForWorkAsync(DateTimeOffset now, TimeSpan idle, CancellationToken cancellationToken)
    {
        DateTimeOffset? next;
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            next = await connection.ScalarAsync($"SELECT MIN(o.next_attempt_at) FROM outbox o WHERE {Claimable}", cancellationToken, ("$held", HeldJson())).ConfigureAwait(false) is string text
                ? StoreJson.ReadTimestamp(text)
                : null;
            if (await connection.ScalarAsync("SELECT MIN(due_at) FROM process_steps WHERE claimed_by IS NULL AND id NOT IN (SELECT value FROM json_each($held))",
                    cancellationToken, ("$held", HeldStepsJson())).ConfigureAwait(false) is string stepText
                && StoreJson.ReadTimestamp(stepText) is var step && (next is null || step < next))
            {
                next = step;
            }
        }

        var wait = next is { } at ? at - now : idle;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > idle ? idle : wait;
        await _signal.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ProcessStep>> ClaimStepsAsync(string instanceId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var held = HeldStepsJson();
        if (!await AnyDueAsync(connection, "SELECT 1 FROM process_steps WHERE due_at <= $now AND claimed_by IS NULL AND id NOT IN (SELECT value FROM json_each($held)) LIMIT 1", now, held, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        var claimed = await connection.QueryAsync(
            """
            UPDATE process_steps SET claimed_by = $me
            WHERE id IN (SELECT id FROM process_steps WHERE due_at <= $now AND claimed_by IS NULL AND id NOT IN (SELECT value FROM json_each($held)) ORDER BY id LIMIT $limit)
            RETURNING id, process_kind, process_id, name, argument, attempts
            """,
            r => new ProcessStep(r.GetString(1), r.GetString(2), r.GetString(3))
            {
                Id = r.GetInt64(0),
                Argument = r.IsDBNull(4) ? null : r.GetString(4),
                Attempts = r.GetInt32(5),
                ClaimedBy = instanceId,
            },
            cancellationToken, ("$me", instanceId), ("$now", StoreJson.Timestamp(now)), ("$limit", limit), ("$held", held)).ConfigureAwait(false);

        // As for messages: a step held after the snapshot but committed before the update goes back unclaimed.
        var heldNow = claimed.Where(s => _signal.IsStepHeld(s.Id)).Select(s => s.Id).ToList();
        if (heldNow.Count > 0)
        {
            await connection.ExecuteAsync("UPDATE process_steps SET claimed_by = NULL WHERE id IN (SELECT value FROM json_each($ids))", cancellationToken,
                ("$ids", "[" + string.Join(',', heldNow) + "]")).ConfigureAwait(false);
            claimed.RemoveAll(s => heldNow.Contains(s.Id));
        }

        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    /// <inheritdoc/>
    public async Task ScheduleStepAsync(ProcessStep processStep, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = await OutboxWriter.InsertStepAsync(connection, processStep, dueAt, cancellationToken).ConfigureAwait(false);
        // Held before the commit makes the row visible, as for a step stored with a change.
        _signal.HoldStepUntilAnswered(id);
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _signal.ReleaseStep(id);
            throw;
        }

        _signal.Notify();
    }

    /// <inheritdoc/>
    public async Task CompleteStepAsync(ProcessStep processStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM process_steps WHERE id = $id", cancellationToken, ("$id", processStep.Id)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RescheduleStepAsync(ProcessStep processStep, DateTimeOffset nextAttemptAt, string failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE process_steps SET attempts = attempts + 1, due_at = $t, last_error = $e, claimed_by = NULL WHERE id = $id", cancellationToken,
            ("$id", processStep.Id), ("$t", StoreJson.Timestamp(nextAttemptAt)), ("$e", failure)).ConfigureAwait(false);
        _signal.Notify();
    }

    /// <summary>
    /// Whether <paramref name="select"/> finds a due row: most claims (each wake-up of the worker) find nothing, and a read
    /// needs neither the database's write lock nor a commit, where an UPDATE that claims nothing still takes both.
    /// </summary>
    private static async Task<bool> AnyDueAsync(SqliteConnection connection, string select, DateTimeOffset now, string held, CancellationToken cancellationToken) =>
        await connection.ScalarAsync(select, cancellationToken, ("$now", StoreJson.Timestamp(now)), ("$held", held)).ConfigureAwait(false) is not null;

    private string HeldStepsJson()
    {
        var held = _signal.HeldSteps;
        return held.Count == 0 ? "[]" : "[" + string.Join(',', held) + "]";
    }

    private async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await connection.ExecuteAsync("DELETE FROM outbox WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false) == 1)
        {
            // The process's next message may be claimable now.
            _signal.Notify();
        }
    }

    private string HeldJson()
    {
        var held = _signal.Held;
        return held.Count == 0 ? "[]" : "[" + string.Join(',', held) + "]";
    }
}
