using System.Data.Common;
using System.Text.Json;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Usage receipts in the embedded database.</summary>
public sealed class SqliteUsageReceiptStore : IUsageReceiptStore
{
    private const string Columns = "id, agreement_id, transfer_id, counter_party_id, role, period_start, period_end, ours, our_signature, theirs, their_signature, state, note, updated_at";
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqliteUsageReceiptStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<UsageReceipt> SaveAsync(UsageReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A settled receipt (agreed or disputed) is what both signed: it is never replaced.
        await connection.ExecuteAsync(
            $"""
            INSERT INTO usage_receipts ({Columns}) VALUES ($id, $a, $tr, $cp, $r, $ps, $pe, $o, $os, $t, $ts, $s, $n, $u)
            ON CONFLICT (id) DO UPDATE SET ours = $o, our_signature = $os, theirs = $t, their_signature = $ts, state = $s, note = $n, updated_at = $u
            WHERE usage_receipts.state NOT IN ({(int)ReceiptState.Agreed}, {(int)ReceiptState.Disputed})
            """,
            cancellationToken, ("$id", receipt.Id), ("$a", receipt.AgreementId), ("$tr", receipt.TransferId), ("$cp", receipt.CounterPartyId), ("$r", (int)receipt.Role),
            ("$ps", StoreJson.Timestamp(receipt.PeriodStart)), ("$pe", StoreJson.Timestamp(receipt.PeriodEnd)), ("$o", JsonSerializer.Serialize(receipt.Ours)),
            ("$os", receipt.OurSignature), ("$t", receipt.Theirs is null ? null : JsonSerializer.Serialize(receipt.Theirs)), ("$ts", receipt.TheirSignature),
            ("$s", (int)receipt.State), ("$n", receipt.Note), ("$u", StoreJson.Timestamp(receipt.UpdatedAt))).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM usage_receipts WHERE id = $id", Map, cancellationToken, ("$id", receipt.Id)).ConfigureAwait(false))[0];
    }

    /// <inheritdoc/>
    public async Task<UsageReceipt?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM usage_receipts WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<UsageReceipt>> ListAsync(ReceiptQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        var conditions = new List<string>();
        var parameters = new List<(string Name, object? Value)>();
        if (query.AgreementId is { } agreement)
        {
            conditions.Add("agreement_id = $agreement");
            parameters.Add(("$agreement", agreement));
        }

        if (query.CounterPartyId is { } party)
        {
            conditions.Add("counter_party_id = $party");
            parameters.Add(("$party", party));
        }

        if (query.State is { } state)
        {
            conditions.Add("state = $state");
            parameters.Add(("$state", (int)state));
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var limit = Math.Clamp(page.Limit, 1, PageRequest.MaxLimit);
        var offset = Math.Max(0, page.Offset);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var items = await connection.QueryAsync($"SELECT {Columns} FROM usage_receipts{where} ORDER BY period_end DESC, id LIMIT $limit OFFSET $offset", Map, cancellationToken,
            [.. parameters, ("$limit", limit), ("$offset", offset)]).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM usage_receipts{where}", cancellationToken, [.. parameters]).ConfigureAwait(false))!;
        return new Page<UsageReceipt>(items, total, offset, limit);
    }

    private static UsageReceipt Map(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        AgreementId = r.GetString(1),
        TransferId = r.NullableString(2),
        CounterPartyId = r.GetString(3),
        Role = (ProcessRole)r.GetInt32(4),
        PeriodStart = StoreJson.ReadTimestamp(r.GetString(5)),
        PeriodEnd = StoreJson.ReadTimestamp(r.GetString(6)),
        Ours = JsonSerializer.Deserialize<UsageTotals>(r.GetString(7))!,
        OurSignature = r.GetString(8),
        Theirs = r.NullableString(9) is { } theirs ? JsonSerializer.Deserialize<UsageTotals>(theirs) : null,
        TheirSignature = r.NullableString(10),
        State = (ReceiptState)r.GetInt32(11),
        Note = r.NullableString(12),
        UpdatedAt = StoreJson.ReadTimestamp(r.GetString(13)),
    };
}
