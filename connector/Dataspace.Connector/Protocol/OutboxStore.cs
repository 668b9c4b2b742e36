using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Internal;

namespace Dataspace.Connector.Protocol;

/// <summary>Reads and settles outbox rows; rows are written by the stores together with state changes.</summary>
public sealed class OutboxStore
{
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public OutboxStore(ConnectorDatabase database) => _database = database;

    /// <summary>
    /// Messages due now, oldest first, at most one per process: a process's later message waits until the earlier
    /// one is delivered, so peers see messages in order.
    /// </summary>
    public Task<List<OutboxMessage>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        DueAsync(now, limit, [], cancellationToken);

    /// <summary>
    /// Messages due now, as <see cref="DueAsync(DateTimeOffset, int, CancellationToken)"/>, leaving out the <paramref name="held"/>
    /// ones (their request's answer is not sent yet); a held message still makes its process's later messages wait.
    /// </summary>
    public async Task<List<OutboxMessage>> DueAsync(DateTimeOffset now, int limit, IReadOnlyCollection<long> held, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            """
            SELECT o.id, o.process_kind, o.process_id, o.message_type, o.url, o.body, o.counter_party_id, o.attempts
            FROM outbox o
            WHERE o.next_attempt_at <= $now
              AND o.id NOT IN (SELECT value FROM json_each($held))
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.process_id = o.process_id AND p.id < o.id)
            ORDER BY o.id LIMIT $limit
            """,
            r => new OutboxMessage(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), (byte[])r.GetValue(5), r.GetString(6)) { Id = r.GetInt64(0), Attempts = r.GetInt32(7) },
            cancellationToken, ("$now", StoreJson.Timestamp(now)), ("$limit", limit), ("$held", HeldJson(held))).ConfigureAwait(false);
    }

    /// <summary>When the next message falls due, or null when the outbox is empty.</summary>
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => NextDueAsync([], cancellationToken);

    /// <summary>When the next message not <paramref name="held"/> falls due, or null when there is none.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<long> held, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ScalarAsync("SELECT MIN(next_attempt_at) FROM outbox WHERE id NOT IN (SELECT value FROM json_each($held))", cancellationToken, ("$held", HeldJson(held))).ConfigureAwait(false) is string text
            ? StoreJson.ReadTimestamp(text)
            : null;
    }

    /// <summary>Removes a delivered (or abandoned) message.</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM outbox WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);
    }

    /// <summary>Removes every message still waiting for a process (it ended).</summary>
    public async Task DeleteForProcessAsync(string processId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM outbox WHERE process_id = $p", cancellationToken, ("$p", processId)).ConfigureAwait(false);
    }

    /// <summary>Removes a process's messages of one type still waiting (superseded by what the peer told us meanwhile).</summary>
    public async Task DeleteForProcessAsync(string processId, string messageType, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM outbox WHERE process_id = $p AND message_type = $m", cancellationToken, ("$p", processId), ("$m", messageType)).ConfigureAwait(false);
    }

    /// <summary>Whether a message of <paramref name="messageType"/> for the process still waits to be delivered.</summary>
    public async Task<bool> IsPendingAsync(string processId, string messageType, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ScalarAsync("SELECT 1 FROM outbox WHERE process_id = $p AND message_type = $m LIMIT 1", cancellationToken, ("$p", processId), ("$m", messageType)).ConfigureAwait(false) is not null;
    }

    /// <summary>Schedules another attempt after a failure.</summary>
    public async Task RescheduleAsync(long id, DateTimeOffset next, string error, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $t, last_error = $e WHERE id = $id", cancellationToken,
            ("$id", id), ("$t", StoreJson.Timestamp(next)), ("$e", error)).ConfigureAwait(false);
    }

    private static string HeldJson(IReadOnlyCollection<long> held) => held.Count == 0 ? "[]" : "[" + string.Join(',', held) + "]";
}
