using System.Data.Common;
using System.Text;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>
/// The audit log in PostgreSQL, shared by every instance: an append locks the head row, checks the size the appender
/// expects, and inserts the batch with one statement per table (arrays unnested), so a batch costs a few round trips.
/// </summary>
internal sealed class PostgresAuditLogStore : IAuditLogStore
{
    private const string EntryColumns = "idx, time, data, leaf_hash, type, actor, counter_party, process_id, agreement_id";
    private readonly PostgresDatabase _database;

    public PostgresAuditLogStore(PostgresDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<AuditLogHead> OpenAsync(string hashAlgorithm, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(hashAlgorithm);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("INSERT INTO audit_log_head (id, size, hash_algorithm, stored_level_stride) VALUES (1, 0, @a, @s) ON CONFLICT (id) DO NOTHING",
            cancellationToken, ("a", hashAlgorithm), ("s", AuditNode.StoredLevelStride)).ConfigureAwait(false);
        return await ReadHeadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AuditLogHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadHeadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> TryAppendAsync(AuditBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The row lock serialises appenders of every instance; one whose size is stale sees the new size and backs off.
        var size = await connection.ScalarAsync(transaction, "SELECT size FROM audit_log_head WHERE id = 1 FOR UPDATE", cancellationToken).ConfigureAwait(false) as long?
            ?? throw new InvalidOperationException("The audit log was not opened (no audit_log_head row): call OpenAsync first.");
        if (size != batch.ExpectedSize)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        var entries = batch.Entries;
        if (entries.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                $"""
                INSERT INTO audit_entries ({EntryColumns})
                SELECT * FROM unnest(@i, @t, @d, @h, @ty, @a, @c, @p, @g)
                """, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<long[]>("i", entries.Select(e => e.Index).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<DateTime[]>("t", entries.Select(e => e.Time.UtcDateTime).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]>("d", entries.Select(e => e.Data).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]>("h", entries.Select(e => e.LeafHash).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            insert.Parameters.Add(Texts("ty", entries.Select(e => (string?)e.Type)));
            insert.Parameters.Add(Texts("a", entries.Select(e => e.Actor)));
            insert.Parameters.Add(Texts("c", entries.Select(e => e.CounterParty)));
            insert.Parameters.Add(Texts("p", entries.Select(e => e.ProcessId)));
            insert.Parameters.Add(Texts("g", entries.Select(e => e.AgreementId)));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (batch.Nodes.Count > 0)
        {
            await using var nodes = new NpgsqlCommand("INSERT INTO audit_nodes (level, idx, hash) SELECT * FROM unnest(@l, @i, @h)", connection, transaction);
            nodes.Parameters.Add(new NpgsqlParameter<int[]>("l", batch.Nodes.Select(n => n.Level).ToArray()));
            nodes.Parameters.Add(new NpgsqlParameter<long[]>("i", batch.Nodes.Select(n => n.Index).ToArray()));
            nodes.Parameters.Add(new NpgsqlParameter<byte[][]>("h", batch.Nodes.Select(n => n.Hash).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await nodes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(transaction, "UPDATE audit_log_head SET size = @s WHERE id = 1", cancellationToken, ("s", batch.NewSize)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async Task StoreBackfilledNodesAsync(IReadOnlyList<AuditNode> nodes, bool complete, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var n in nodes)
        {
            AuditNode.Validate(n, nameof(nodes));
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (nodes.Count > 0)
        {
            // Another instance may be backfilling the same log: its rows are the same hashes.
            await using var insert = new NpgsqlCommand("INSERT INTO audit_nodes (level, idx, hash) SELECT * FROM unnest(@l, @i, @h) ON CONFLICT (level, idx) DO NOTHING", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<int[]>("l", nodes.Select(n => n.Level).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<long[]>("i", nodes.Select(n => n.Index).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<byte[][]>("h", nodes.Select(n => n.Hash).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (complete)
        {
            await connection.ExecuteAsync(transaction, "UPDATE audit_log_head SET stored_level_stride = @s WHERE id = 1", cancellationToken, ("s", AuditNode.StoredLevelStride)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<byte[]> ReadHashesAsync(int level, long first, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(
            level == 0
                ? "SELECT leaf_hash FROM audit_entries WHERE idx >= @f AND idx < @e ORDER BY idx"
                : "SELECT hash FROM audit_nodes WHERE level = @l AND idx >= @f AND idx < @e ORDER BY idx",
            r => (byte[])r.GetValue(0), cancellationToken, ("l", level), ("f", first), ("e", first + count)).ConfigureAwait(false);
        var result = new byte[rows.Sum(r => r.Length)];
        var offset = 0;
        foreach (var row in rows)
        {
            row.CopyTo(result, offset);
            offset += row.Length;
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> ReadEntriesAsync(long first, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {EntryColumns} FROM audit_entries WHERE idx >= @f AND idx < @e ORDER BY idx", ReadEntry,
            cancellationToken, ("f", first), ("e", first + count)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(AuditEntryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var sql = new StringBuilder($"SELECT {EntryColumns} FROM audit_entries WHERE idx >= @from_index");
        var parameters = new List<(string, object?)> { ("from_index", query.FromIndex), ("limit", query.Limit) };
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                parameters.Add((name, value));
            }
        }

        Filter("type = @type", "type", query.Type);
        Filter("actor = @actor", "actor", query.Actor);
        Filter("counter_party = @counter_party", "counter_party", query.CounterParty);
        Filter("process_id = @process_id", "process_id", query.ProcessId);
        Filter("agreement_id = @agreement_id", "agreement_id", query.AgreementId);
        Filter("time >= @from_time", "from_time", query.From?.ToUniversalTime());
        Filter("time < @to_time", "to_time", query.To?.ToUniversalTime());
        sql.Append(" ORDER BY idx LIMIT @limit");
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(sql.ToString(), ReadEntry, cancellationToken, [.. parameters]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task StoreCheckpointAsync(AuditCheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("INSERT INTO audit_checkpoints (size, note, created_at) VALUES (@s, @n, @t) ON CONFLICT (size) DO NOTHING", cancellationToken,
            ("s", checkpoint.Size), ("n", checkpoint.Note), ("t", NpgsqlCommands.Utc(checkpoint.CreatedAt))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AuditCheckpointRecord?> ReadCheckpointAsync(long? size, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = size is null
            ? await connection.QueryAsync("SELECT size, note, created_at FROM audit_checkpoints ORDER BY size DESC LIMIT 1", ReadCheckpoint, cancellationToken).ConfigureAwait(false)
            : await connection.QueryAsync("SELECT size, note, created_at FROM audit_checkpoints WHERE size = @s", ReadCheckpoint, cancellationToken, ("s", size.Value)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditCheckpointRecord>> ListCheckpointsAsync(long fromSize, long toSize, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT size, note, created_at FROM audit_checkpoints WHERE size >= @f AND size <= @t ORDER BY size LIMIT @l", ReadCheckpoint,
            cancellationToken, ("f", fromSize), ("t", toSize), ("l", limit)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task StoreCosignatureAsync(AuditCosignature cosignature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cosignature);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO audit_cosignatures (size, witness, line, received_at) VALUES (@s, @w, @l, @t) ON CONFLICT (size, witness) DO UPDATE SET line = EXCLUDED.line, received_at = EXCLUDED.received_at",
            cancellationToken, ("s", cosignature.Size), ("w", cosignature.Witness), ("l", cosignature.Line), ("t", NpgsqlCommands.Utc(cosignature.ReceivedAt))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditCosignature>> ReadCosignaturesAsync(long size, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT size, witness, line, received_at FROM audit_cosignatures WHERE size = @s ORDER BY witness",
            r => new AuditCosignature(r.GetInt64(0), r.GetString(1), r.GetString(2), r.Timestamp(3)), cancellationToken, ("s", size)).ConfigureAwait(false);
    }

    private static async Task<AuditLogHead> ReadHeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync("SELECT size, hash_algorithm, stored_level_stride FROM audit_log_head WHERE id = 1",
            r => new AuditLogHead(r.GetInt64(0), r.GetString(1), r.GetInt32(2)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? new AuditLogHead(0, null) : rows[0];
    }

    private static NpgsqlParameter<string?[]> Texts(string name, IEnumerable<string?> values) =>
        new NpgsqlParameter<string?[]>(name, values.ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static AuditCheckpointRecord ReadCheckpoint(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.Timestamp(2));

    private static AuditEntry ReadEntry(DbDataReader r) => new()
    {
        Index = r.GetInt64(0),
        Time = r.Timestamp(1),
        Data = (byte[])r.GetValue(2),
        LeafHash = (byte[])r.GetValue(3),
        Type = r.GetString(4),
        Actor = r.NullableString(5),
        CounterParty = r.NullableString(6),
        ProcessId = r.NullableString(7),
        AgreementId = r.NullableString(8),
    };
}
