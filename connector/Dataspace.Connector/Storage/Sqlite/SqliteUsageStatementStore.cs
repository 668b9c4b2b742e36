using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Statements and their payment in the embedded database.</summary>
public sealed class SqliteUsageStatementStore : IUsageStatementStore
{
    private const string Columns = "id, counter_party_id, role, period_start, period_end, currency, total, lines, state, paid_at, payment_reference, created_at";
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqliteUsageStatementStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(UsageStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync($"INSERT INTO usage_statements ({Columns}) VALUES ($id, $cp, $r, $ps, $pe, $c, $t, $l, $s, $pa, $ref, $ca)", cancellationToken,
                ("$id", statement.Id), ("$cp", statement.CounterPartyId), ("$r", (int)statement.Role), ("$ps", StoreJson.Timestamp(statement.PeriodStart)),
                ("$pe", StoreJson.Timestamp(statement.PeriodEnd)), ("$c", statement.Currency), ("$t", statement.Total.ToString(CultureInfo.InvariantCulture)),
                ("$l", JsonSerializer.Serialize(statement.Lines)), ("$s", (int)statement.State), ("$pa", statement.PaidAt is { } paid ? StoreJson.Timestamp(paid) : null),
                ("$ref", statement.PaymentReference), ("$ca", StoreJson.Timestamp(statement.CreatedAt))).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return false;
        }

        foreach (var agreement in statement.Lines.Select(l => l.AgreementId).Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync("INSERT INTO usage_statement_agreements (statement_id, agreement_id) VALUES ($s, $a)", cancellationToken,
                ("$s", statement.Id), ("$a", agreement)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async Task<UsageStatement?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM usage_statements WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<UsageStatement>> ListAsync(string? counterPartyId, string? agreementId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        const string Where = " WHERE ($party IS NULL OR counter_party_id = $party) AND ($agreement IS NULL OR id IN (SELECT statement_id FROM usage_statement_agreements WHERE agreement_id = $agreement))";
        var limit = Math.Clamp(page.Limit, 1, PageRequest.MaxLimit);
        var offset = Math.Max(0, page.Offset);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var items = await connection.QueryAsync($"SELECT {Columns} FROM usage_statements{Where} ORDER BY period_end DESC, id LIMIT $limit OFFSET $offset", Map, cancellationToken,
            ("$party", counterPartyId), ("$agreement", agreementId), ("$limit", limit), ("$offset", offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM usage_statements{Where}", cancellationToken, ("$party", counterPartyId), ("$agreement", agreementId)).ConfigureAwait(false))!;
        return new Page<UsageStatement>(items, total, offset, limit);
    }

    /// <inheritdoc/>
    public async Task<UsageStatement?> MarkPaidAsync(string id, string? paymentReference, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync($"UPDATE usage_statements SET state = {(int)StatementState.Paid}, paid_at = $at, payment_reference = $ref WHERE id = $id AND state = {(int)StatementState.Open}",
            cancellationToken, ("$id", id), ("$at", StoreJson.Timestamp(paidAt)), ("$ref", paymentReference)).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM usage_statements WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    private static UsageStatement Map(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        CounterPartyId = r.GetString(1),
        Role = (ProcessRole)r.GetInt32(2),
        PeriodStart = StoreJson.ReadTimestamp(r.GetString(3)),
        PeriodEnd = StoreJson.ReadTimestamp(r.GetString(4)),
        Currency = r.GetString(5),
        Total = decimal.Parse(r.GetString(6), CultureInfo.InvariantCulture),
        Lines = JsonSerializer.Deserialize<List<StatementLine>>(r.GetString(7))!,
        State = (StatementState)r.GetInt32(8),
        PaidAt = r.NullableString(9) is { } paid ? StoreJson.ReadTimestamp(paid) : null,
        PaymentReference = r.NullableString(10),
        CreatedAt = StoreJson.ReadTimestamp(r.GetString(11)),
    };
}
