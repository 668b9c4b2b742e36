using System.Data.Common;
using System.Text.Json;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>Statements and their payment, shared by every instance on the database.</summary>
internal sealed class PostgresUsageStatementStore : IUsageStatementStore
{
    private const string Columns = "id, counter_party_id, role, period_start, period_end, currency, total, lines, state, paid_at, payment_reference, created_at";
    private readonly PostgresDatabase _database;

    public PostgresUsageStatementStore(PostgresDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(UsageStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(transaction, $"INSERT INTO usage_statements ({Columns}) VALUES (@id, @cp, @r, @ps, @pe, @c, @t, @l, @s, @pa, @ref, @ca)", cancellationToken,
                ("id", statement.Id), ("cp", statement.CounterPartyId), ("r", (int)statement.Role), ("ps", NpgsqlCommands.Utc(statement.PeriodStart)),
                ("pe", NpgsqlCommands.Utc(statement.PeriodEnd)), ("c", statement.Currency), ("t", statement.Total),
                ("l", JsonSerializer.Serialize(statement.Lines)), ("s", (int)statement.State), ("pa", statement.PaidAt is { } paid ? NpgsqlCommands.Utc(paid) : null),
                ("ref", statement.PaymentReference), ("ca", NpgsqlCommands.Utc(statement.CreatedAt))).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            return false;
        }

        foreach (var agreement in statement.Lines.Select(l => l.AgreementId).Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(transaction, "INSERT INTO usage_statement_agreements (statement_id, agreement_id) VALUES (@s, @a)", cancellationToken,
                ("s", statement.Id), ("a", agreement)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async Task<UsageStatement?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM usage_statements WHERE id = @id", Map, cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<UsageStatement>> ListAsync(string? counterPartyId, string? agreementId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var conditions = new List<string>();
        var parameters = new List<(string Name, object? Value)>();
        if (counterPartyId is not null)
        {
            conditions.Add("counter_party_id = @party");
            parameters.Add(("party", counterPartyId));
        }

        if (agreementId is not null)
        {
            conditions.Add("id IN (SELECT statement_id FROM usage_statement_agreements WHERE agreement_id = @agreement)");
            parameters.Add(("agreement", agreementId));
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var limit = Math.Clamp(page.Limit, 1, PageRequest.MaxLimit);
        var offset = Math.Max(0, page.Offset);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var items = await connection.QueryAsync($"SELECT {Columns} FROM usage_statements{where} ORDER BY period_end DESC, id LIMIT @limit OFFSET @offset", Map, cancellationToken,
            [.. parameters, ("limit", limit), ("offset", offset)]).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM usage_statements{where}", cancellationToken, [.. parameters]).ConfigureAwait(false))!;
        return new Page<UsageStatement>(items, total, offset, limit);
    }

    /// <inheritdoc/>
    public async Task<UsageStatement?> MarkPaidAsync(string id, string? paymentReference, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync($"UPDATE usage_statements SET state = {(int)StatementState.Paid}, paid_at = @at, payment_reference = @ref WHERE id = @id AND state = {(int)StatementState.Open}",
            cancellationToken, ("id", id), ("at", NpgsqlCommands.Utc(paidAt)), ("ref", (object?)paymentReference ?? DBNull.Value)).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM usage_statements WHERE id = @id", Map, cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    private static UsageStatement Map(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        CounterPartyId = r.GetString(1),
        Role = (ProcessRole)r.GetInt32(2),
        PeriodStart = r.Timestamp(3),
        PeriodEnd = r.Timestamp(4),
        Currency = r.GetString(5),
        Total = r.GetDecimal(6),
        Lines = JsonSerializer.Deserialize<List<StatementLine>>(r.GetString(7))!,
        State = (StatementState)r.GetInt32(8),
        PaidAt = r.IsDBNull(9) ? null : r.Timestamp(9),
        PaymentReference = r.NullableString(10),
        CreatedAt = r.Timestamp(11),
    };
}
