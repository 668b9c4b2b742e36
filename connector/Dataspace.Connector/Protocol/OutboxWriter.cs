using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Protocol;

/// <summary>Writes outbox rows inside a state-change transaction.</summary>
internal static class OutboxWriter
{
    public static Task InsertAsync(SqliteConnection connection, OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            INSERT INTO outbox (process_kind, message_type, process_id, url, body, counter_party_id, attempts, next_attempt_at, created_at)
            VALUES ($k, $m, $p, $u, $b, $c, 0, $t, $t)
            """,
            cancellationToken,
            ("$k", message.ProcessKind), ("$m", message.MessageType), ("$p", message.ProcessId), ("$u", message.Url), ("$b", message.Body),
            ("$c", message.CounterPartyId), ("$t", StoreJson.Timestamp(now)));
}
