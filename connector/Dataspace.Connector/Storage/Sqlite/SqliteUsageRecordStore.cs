using System.Data.Common;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>This connector's usage records in the embedded database.</summary>
public sealed class SqliteUsageRecordStore : IUsageRecordStore
{
    private const string Columns = "seq, agreement_id, transfer_id, counter_party_id, role, kind, bytes, requests, rows_count, component, duration_ms, at";
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqliteUsageRecordStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task AppendAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO usage_records (agreement_id, transfer_id, counter_party_id, role, kind, bytes, requests, rows_count, component, duration_ms, at) VALUES ($a, $tr, $cp, $r, $k, $b, $q, $rows, $c, $d, $at)",
            cancellationToken, ("$a", record.AgreementId), ("$tr", record.TransferId), ("$cp", record.CounterPartyId), ("$r", (int)record.Role), ("$k", (int)record.Kind),
            ("$b", record.Bytes), ("$q", record.Requests), ("$rows", record.Rows), ("$c", record.Component), ("$d", (long)record.Duration.TotalMilliseconds),
            ("$at", StoreJson.Timestamp(record.At))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Page<UsageRecord>> ListAsync(UsageQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        var (where, parameters) = Where(query);
        var limit = Math.Clamp(page.Limit, 1, PageRequest.MaxLimit);
        var offset = Math.Max(0, page.Offset);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var items = await connection.QueryAsync($"SELECT {Columns} FROM usage_records{where} ORDER BY at, seq LIMIT $limit OFFSET $offset", Map, cancellationToken,
            [.. parameters, ("$limit", limit), ("$offset", offset)]).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM usage_records{where}", cancellationToken, [.. parameters]).ConfigureAwait(false))!;
        return new Page<UsageRecord>(items, total, offset, limit);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<UsageSummary>> SummarizeAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = Where(query);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"""
            SELECT agreement_id, counter_party_id, role, SUM(bytes), SUM(requests), SUM(rows_count), SUM(CASE WHEN kind = {(int)UsageKind.Computation} THEN 1 ELSE 0 END), SUM(duration_ms)
            FROM usage_records{where} GROUP BY agreement_id, counter_party_id, role ORDER BY agreement_id, role, counter_party_id
            """,
            r => new UsageSummary(r.GetString(0), r.GetString(1), (ProcessRole)r.GetInt32(2), new UsageTotals(r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7))),
            cancellationToken, [.. parameters]).ConfigureAwait(false);
    }

    private static (string Where, List<(string Name, object? Value)> Parameters) Where(UsageQuery query)
    {
        var conditions = new List<string>();
        var parameters = new List<(string Name, object? Value)>();
        void Add(string condition, string name, object value)
        {
            conditions.Add(condition);
            parameters.Add((name, value));
        }

        if (query.AgreementId is { } agreement)
        {
            Add("agreement_id = $agreement", "$agreement", agreement);
        }

        if (query.TransferId is { } transfer)
        {
            Add("transfer_id = $transfer", "$transfer", transfer);
        }

        if (query.CounterPartyId is { } party)
        {
            Add("counter_party_id = $party", "$party", party);
        }

        if (query.Role is { } role)
        {
            Add("role = $role", "$role", (int)role);
        }

        if (query.From is { } from)
        {
            Add("at >= $from", "$from", StoreJson.Timestamp(from));
        }

        if (query.To is { } to)
        {
            Add("at < $to", "$to", StoreJson.Timestamp(to));
        }

        return (conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions), parameters);
    }

    private static UsageRecord Map(DbDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        AgreementId = r.GetString(1),
        TransferId = r.NullableString(2),
        CounterPartyId = r.GetString(3),
        Role = (ProcessRole)r.GetInt32(4),
        Kind = (UsageKind)r.GetInt32(5),
        Bytes = r.GetInt64(6),
        Requests = r.GetInt64(7),
        Rows = r.GetInt64(8),
        Component = r.NullableString(9),
        Duration = TimeSpan.FromMilliseconds(r.GetInt64(10)),
        At = StoreJson.ReadTimestamp(r.GetString(11)),
    };
}
