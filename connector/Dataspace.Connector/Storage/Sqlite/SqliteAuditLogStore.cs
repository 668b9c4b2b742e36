using System.Data.Common;
using System.Text;
using Dataspace.Sdk.Audit;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>The audit log in the embedded database (one process appends; its appender batches, so one commit carries many entries).</summary>
public sealed class SqliteAuditLogStore : IAuditLogStore
{
    private const string EntryColumns = "idx, time_ms, data, leaf_hash, type, actor, counter_party, process_id, agreement_id";
    private static readonly string[] EntryParameters = ["$i", "$t", "$d", "$h", "$ty", "$a", "$c", "$p", "$g"];
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqliteAuditLogStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<AuditLogHead> OpenAsync(string hashAlgorithm, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(hashAlgorithm);
        var head = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        if (head.HashAlgorithm is not null)
        {
            return head;
        }

        using (await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync("INSERT INTO audit_log_head (id, size, hash_algorithm, stored_level_stride) VALUES (1, 0, $a, $s) ON CONFLICT (id) DO NOTHING",
                cancellationToken, ("$a", hashAlgorithm), ("$s", AuditNode.StoredLevelStride)).ConfigureAwait(false);
        }

        return await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AuditLogHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT size, hash_algorithm, stored_level_stride FROM audit_log_head WHERE id = 1",
            r => new AuditLogHead(r.GetInt64(0), r.GetString(1), r.GetInt32(2)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? new AuditLogHead(0, null) : rows[0];
    }

    /// <inheritdoc/>
    public async Task<bool> TryAppendAsync(AuditBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate();
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken before the size check, so no other process (the
        // CLI) can slip in between the check and the inserts.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var size = await connection.ScalarAsync("SELECT size FROM audit_log_head WHERE id = 1", cancellationToken).ConfigureAwait(false) as long?
            ?? throw new InvalidOperationException("The audit log was not opened (no audit_log_head row): call OpenAsync first.");
        if (size != batch.ExpectedSize)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (batch.Entries.Count > 0)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO audit_entries ({EntryColumns}) VALUES ($i, $t, $d, $h, $ty, $a, $c, $p, $g)";
            var p = EntryParameters.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
            p[0].SqliteType = p[1].SqliteType = SqliteType.Integer;
            p[2].SqliteType = p[3].SqliteType = SqliteType.Blob;
            insert.Prepare();
            foreach (var e in batch.Entries)
            {
                p[0].Value = e.Index;
                p[1].Value = e.Time.ToUnixTimeMilliseconds();
                p[2].Value = e.Data;
                p[3].Value = e.LeafHash;
                p[4].Value = e.Type;
                p[5].Value = (object?)e.Actor ?? DBNull.Value;
                p[6].Value = (object?)e.CounterParty ?? DBNull.Value;
                p[7].Value = (object?)e.ProcessId ?? DBNull.Value;
                p[8].Value = (object?)e.AgreementId ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (batch.Nodes.Count > 0)
        {
            await using var node = connection.CreateCommand();
            node.Transaction = transaction;
            node.CommandText = "INSERT INTO audit_nodes (level, idx, hash) VALUES ($l, $i, $h)";
            var level = node.Parameters.Add("$l", SqliteType.Integer);
            var index = node.Parameters.Add("$i", SqliteType.Integer);
            var hash = node.Parameters.Add("$h", SqliteType.Blob);
            foreach (var n in batch.Nodes)
            {
                level.Value = n.Level;
                index.Value = n.Index;
                hash.Value = n.Hash;
                await node.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await connection.ExecuteAsync("UPDATE audit_log_head SET size = $s WHERE id = 1", cancellationToken, ("$s", batch.NewSize)).ConfigureAwait(false);
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

        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (nodes.Count > 0)
        {
            await using var node = connection.CreateCommand();
            node.Transaction = transaction;
            node.CommandText = "INSERT INTO audit_nodes (level, idx, hash) VALUES ($l, $i, $h) ON CONFLICT (level, idx) DO NOTHING";
            var level = node.Parameters.Add("$l", SqliteType.Integer);
            var index = node.Parameters.Add("$i", SqliteType.Integer);
            var hash = node.Parameters.Add("$h", SqliteType.Blob);
            node.Prepare();
            foreach (var n in nodes)
            {
                level.Value = n.Level;
                index.Value = n.Index;
                hash.Value = n.Hash;
                await node.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (complete)
        {
            await connection.ExecuteAsync("UPDATE audit_log_head SET stored_level_stride = $s WHERE id = 1", cancellationToken, ("$s", AuditNode.StoredLevelStride)).ConfigureAwait(false);
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
        await using var command = connection.CreateCommand();
        command.CommandText = level == 0
            ? "SELECT leaf_hash FROM audit_entries WHERE idx >= $f AND idx < $e ORDER BY idx"
            : "SELECT hash FROM audit_nodes WHERE level = $l AND idx >= $f AND idx < $e ORDER BY idx";
        command.Parameters.AddWithValue("$l", level);
        command.Parameters.AddWithValue("$f", first);
        command.Parameters.AddWithValue("$e", first + count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            buffer.Write((byte[])reader.GetValue(0));
        }

        return buffer.ToArray();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> ReadEntriesAsync(long first, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {EntryColumns} FROM audit_entries WHERE idx >= $f AND idx < $e ORDER BY idx", ReadEntry,
            cancellationToken, ("$f", first), ("$e", first + count)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(AuditEntryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var sql = new StringBuilder($"SELECT {EntryColumns} FROM audit_entries WHERE idx >= $from_index");
        var parameters = new List<(string, object?)> { ("$from_index", query.FromIndex), ("$limit", query.Limit) };
        void Filter(string column, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(column).Append(' ').Append(name);
                parameters.Add((name.Split(' ')[^1], value));
            }
        }

        Filter("type", "= $type", query.Type);
        Filter("actor", "= $actor", query.Actor);
        Filter("counter_party", "= $counter_party", query.CounterParty);
        Filter("process_id", "= $process_id", query.ProcessId);
        Filter("agreement_id", "= $agreement_id", query.AgreementId);
        Filter("time_ms", ">= $from_time", query.From?.ToUnixTimeMilliseconds());
        Filter("time_ms", "< $to_time", query.To?.ToUnixTimeMilliseconds());
        sql.Append(" ORDER BY idx LIMIT $limit");
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(sql.ToString(), ReadEntry, cancellationToken, [.. parameters]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task StoreCheckpointAsync(AuditCheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("INSERT INTO audit_checkpoints (size, note, created_at) VALUES ($s, $n, $t) ON CONFLICT (size) DO NOTHING", cancellationToken,
            ("$s", checkpoint.Size), ("$n", checkpoint.Note), ("$t", StoreJson.Timestamp(checkpoint.CreatedAt))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AuditCheckpointRecord?> ReadCheckpointAsync(long? size, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = size is null
            ? await connection.QueryAsync("SELECT size, note, created_at FROM audit_checkpoints ORDER BY size DESC LIMIT 1", ReadCheckpoint, cancellationToken).ConfigureAwait(false)
            : await connection.QueryAsync("SELECT size, note, created_at FROM audit_checkpoints WHERE size = $s", ReadCheckpoint, cancellationToken, ("$s", size.Value)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditCheckpointRecord>> ListCheckpointsAsync(long fromSize, long toSize, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT size, note, created_at FROM audit_checkpoints WHERE size >= $f AND size <= $t ORDER BY size LIMIT $l", ReadCheckpoint,
            cancellationToken, ("$f", fromSize), ("$t", toSize), ("$l", limit)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task StoreCosignatureAsync(AuditCosignature cosignature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cosignature);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO audit_cosignatures (size, witness, line, received_at) VALUES ($s, $w, $l, $t) ON CONFLICT (size, witness) DO UPDATE SET line = $l, received_at = $t",
            cancellationToken, ("$s", cosignature.Size), ("$w", cosignature.Witness), ("$l", cosignature.Line), ("$t", StoreJson.Timestamp(cosignature.ReceivedAt))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditCosignature>> ReadCosignaturesAsync(long size, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync("SELECT size, witness, line, received_at FROM audit_cosignatures WHERE size = $s ORDER BY witness",
            r => new AuditCosignature(r.GetInt64(0), r.GetString(1), r.GetString(2), StoreJson.ReadTimestamp(r.GetString(3))), cancellationToken, ("$s", size)).ConfigureAwait(false);
    }

    private static AuditCheckpointRecord ReadCheckpoint(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), StoreJson.ReadTimestamp(r.GetString(2)));

    private static AuditEntry ReadEntry(DbDataReader r) => new()
    {
        Index = r.GetInt64(0),
        Time = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        Data = (byte[])r.GetValue(2),
        LeafHash = (byte[])r.GetValue(3),
        Type = r.GetString(4),
        Actor = r.NullableString(5),
        CounterParty = r.NullableString(6),
        ProcessId = r.NullableString(7),
        AgreementId = r.NullableString(8),
    };
}
