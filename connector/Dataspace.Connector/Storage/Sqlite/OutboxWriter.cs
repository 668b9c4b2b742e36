using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Writes outbox rows and process steps inside a state-change transaction.</summary>
internal static class OutboxWriter
{
    /// <summary>Stores the message; returns its row id.</summary>
    public static async Task<long> InsertAsync(SqliteConnection connection, OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
        (long)(await connection.ScalarAsync(
            """
            INSERT INTO outbox (process_kind, message_type, purpose, process_id, url, body, counter_party_id, attempts, next_attempt_at, created_at)
            VALUES ($k, $m, $o, $p, $u, $b, $c, 0, $t, $t)
            RETURNING id
            """,
            cancellationToken,
            ("$k", message.ProcessKind), ("$m", message.MessageType), ("$o", (int)message.Purpose), ("$p", message.ProcessId), ("$u", message.Url), ("$b", message.Body),
            ("$c", message.CounterPartyId), ("$t", StoreJson.Timestamp(now))).ConfigureAwait(false))!;

    /// <summary>Stores the step, due at <paramref name="now"/>; returns its row id.</summary>
    public static async Task<long> InsertStepAsync(SqliteConnection connection, ProcessStep step, DateTimeOffset now, CancellationToken cancellationToken) =>
        (long)(await connection.ScalarAsync(
            """
            INSERT INTO process_steps (process_kind, process_id, name, argument, due_at, created_at)
            VALUES ($k, $p, $n, $a, $t, $t)
            RETURNING id
            """,
            cancellationToken,
            ("$k", step.ProcessKind), ("$p", step.ProcessId), ("$n", step.Name), ("$a", step.Argument), ("$t", StoreJson.Timestamp(now))).ConfigureAwait(false))!;
}
