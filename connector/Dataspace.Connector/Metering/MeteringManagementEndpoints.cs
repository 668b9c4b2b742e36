using Dataspace.Connector.Management;
using Dataspace.Sdk.Metering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Connector.Metering;

/// <summary>Management API: usage, receipts and disputes, statements and their payment; lists export as JSON or CSV.</summary>
public static class MeteringManagementEndpoints
{
    private const string CsvType = "text/csv; charset=utf-8";

    /// <summary>Maps <c>/metering</c> in the management API's group.</summary>
    public static RouteGroupBuilder MapMeteringManagement(this RouteGroupBuilder api)
    {
        var metering = api.MapGroup("/metering").WithTags("Metering");
        metering.MapGet("/usage", async (string? agreementId, string? counterPartyId, string? role, DateTimeOffset? from, DateTimeOffset? to, string? format, IUsageRecordStore records, CancellationToken ct) =>
        {
            if (ParseRole(role, out var roleFilter) is { } bad)
            {
                return bad;
            }

            var summaries = await records.SummarizeAsync(new UsageQuery { AgreementId = agreementId, CounterPartyId = counterPartyId, Role = roleFilter, From = from, To = to }, ct).ConfigureAwait(false);
            var items = summaries.Select(UsageSummaryDto.From).ToList();
            return Export(format, items, [("agreementId", s => s.AgreementId), ("counterPartyId", s => s.CounterPartyId), ("role", s => s.Role), ("bytes", s => s.Bytes),
                ("requests", s => s.Requests), ("rows", s => s.Rows), ("computations", s => s.Computations), ("durationMs", s => s.DurationMs)], () => Results.Ok(items));
        }).WithName("getUsageSummaries").WithSummary("Usage added up per agreement, counter-party and role; filter by agreement, counter-party, role and period [from, to). format=csv|json.");

        metering.MapGet("/records", async (string? agreementId, string? transferId, string? counterPartyId, string? role, DateTimeOffset? from, DateTimeOffset? to, int? offset, int? limit, string? format,
            IUsageRecordStore records, CancellationToken ct) =>
        {
            if (ParseRole(role, out var roleFilter) is { } bad)
            {
                return bad;
            }

            var query = new UsageQuery { AgreementId = agreementId, TransferId = transferId, CounterPartyId = counterPartyId, Role = roleFilter, From = from, To = to };
            var page = await records.ListAsync(query, ManagementResults.Page(offset, limit), ct).ConfigureAwait(false);
            var items = page.Items.Select(UsageRecordDto.From).ToList();
            return Export(format, items, [("sequence", r => r.Sequence), ("at", r => r.At), ("agreementId", r => r.AgreementId), ("transferId", r => r.TransferId),
                ("counterPartyId", r => r.CounterPartyId), ("role", r => r.Role), ("kind", r => r.Kind), ("bytes", r => r.Bytes), ("requests", r => r.Requests), ("rows", r => r.Rows),
                ("component", r => r.Component), ("durationMs", r => r.DurationMs)], () => Results.Ok(new PageDto<UsageRecordDto>(items, page.Total, page.Offset, page.Limit)));
        }).WithName("listUsageRecords").WithSummary("Our usage records, oldest first, one page at a time. format=csv|json.");

        metering.MapGet("/receipts", (string? agreementId, string? counterPartyId, string? state, int? offset, int? limit, string? format, IUsageReceiptStore receipts, CancellationToken ct) =>
        {
            ReceiptState? stateFilter = null;
            if (state is not null)
            {
                if (!Enum.TryParse<ReceiptState>(state, true, out var s) || int.TryParse(state, out _))
                {
                    return Task.FromResult(ManagementResults.BadRequest($"'state' must be one of {string.Join(", ", Enum.GetNames<ReceiptState>().Select(n => n.ToUpperInvariant()))}, not '{state}'"));
                }

                stateFilter = s;
            }

            return ListReceiptsAsync(new ReceiptQuery { AgreementId = agreementId, CounterPartyId = counterPartyId, State = stateFilter }, offset, limit, format, receipts, ct);
        }).WithName("listUsageReceipts").WithSummary("Usage receipts, newest period first; filter by agreement, counter-party and state. format=csv|json.");

        metering.MapGet("/disputes", (string? agreementId, string? counterPartyId, int? offset, int? limit, string? format, IUsageReceiptStore receipts, CancellationToken ct) =>
            ListReceiptsAsync(new ReceiptQuery { AgreementId = agreementId, CounterPartyId = counterPartyId, State = ReceiptState.Disputed }, offset, limit, format, receipts, ct))
            .WithName("listUsageDisputes").WithSummary("Receipts whose two signed figures differ, with both figures. format=csv|json.");

        metering.MapGet("/receipts/{id}", async (string id, IUsageReceiptStore receipts, CancellationToken ct) =>
            await receipts.GetAsync(id, ct).ConfigureAwait(false) is { } r ? Results.Ok(UsageReceiptDto.From(r)) : ManagementResults.NotFound($"no usage receipt '{id}'"))
            .WithName("getUsageReceipt");

        metering.MapPost("/statements", async (IssueStatementsInput input, StatementService statements, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(input.CounterPartyId) || input.From is null || input.To is null)
            {
                return ManagementResults.BadRequest("'counterPartyId', 'from' and 'to' (ISO 8601 date-times; the period is [from, to)) are required");
            }

            var (issued, error) = await statements.IssueAsync(input.CounterPartyId, input.From.Value, input.To.Value, ct).ConfigureAwait(false);
            return error is null ? Results.Ok(issued.Select(UsageStatementDto.From).ToList()) : ManagementResults.BadRequest(error);
        }).WithName("issueStatements").WithSummary("Prices the usage with a counter-party over [from, to) from the agreements' compensate duties: one statement per role and currency.");

        metering.MapGet("/statements", async (string? counterPartyId, string? agreementId, int? offset, int? limit, string? format, IUsageStatementStore statements, CancellationToken ct) =>
        {
            var page = await statements.ListAsync(counterPartyId, agreementId, ManagementResults.Page(offset, limit), ct).ConfigureAwait(false);
            var items = page.Items.Select(UsageStatementDto.From).ToList();
            return Export(format, items, [("id", s => s.Id), ("counterPartyId", s => s.CounterPartyId), ("role", s => s.Role), ("periodStart", s => s.PeriodStart),
                ("periodEnd", s => s.PeriodEnd), ("currency", s => s.Currency), ("total", s => s.Total), ("state", s => s.State), ("paidAt", s => s.PaidAt),
                ("paymentReference", s => s.PaymentReference)], () => Results.Ok(new PageDto<UsageStatementDto>(items, page.Total, page.Offset, page.Limit)));
        }).WithName("listStatements").WithSummary("Statements, newest period first; filter by counter-party or agreement. format=csv|json.");

        metering.MapPost("/statements/{id}/paid", async (string id, PaymentInput? input, IUsageStatementStore statements, TimeProvider time, CancellationToken ct) =>
        {
            if (input?.Reference is { Length: > 256 })
            {
                return ManagementResults.BadRequest("'reference' is at most 256 characters");
            }

            return await statements.MarkPaidAsync(id, input?.Reference, time.GetUtcNow(), ct).ConfigureAwait(false) is { } paid
                ? Results.Ok(UsageStatementDto.From(paid))
                : ManagementResults.NotFound($"no statement '{id}'");
        }).WithName("markStatementPaid").WithSummary("Records a statement as paid: the evidence that fulfils the compensate duties of its agreements. A paid statement stays as first paid.");
        return api;
    }

    private static async Task<IResult> ListReceiptsAsync(ReceiptQuery query, int? offset, int? limit, string? format, IUsageReceiptStore receipts, CancellationToken ct)
    {
        var page = await receipts.ListAsync(query, ManagementResults.Page(offset, limit), ct).ConfigureAwait(false);
        var items = page.Items.Select(UsageReceiptDto.From).ToList();
        return Export(format, items, [("id", r => r.Id), ("agreementId", r => r.AgreementId), ("transferId", r => r.TransferId), ("counterPartyId", r => r.CounterPartyId),
            ("role", r => r.Role), ("periodStart", r => r.PeriodStart), ("periodEnd", r => r.PeriodEnd), ("state", r => r.State),
            ("ourBytes", r => r.Ours.Bytes), ("ourRequests", r => r.Ours.Requests), ("ourRows", r => r.Ours.Rows), ("ourComputations", r => r.Ours.Computations),
            ("theirBytes", r => r.Theirs?.Bytes), ("theirRequests", r => r.Theirs?.Requests), ("theirRows", r => r.Theirs?.Rows), ("theirComputations", r => r.Theirs?.Computations),
            ("note", r => r.Note)], () => Results.Ok(new PageDto<UsageReceiptDto>(items, page.Total, page.Offset, page.Limit)));
    }

    private static IResult? ParseRole(string? role, out ProcessRole? parsed)
    {
        parsed = null;
        if (role is null)
        {
            return null;
        }

        if (!Enum.TryParse<ProcessRole>(role, true, out var r) || int.TryParse(role, out _))
        {
            return ManagementResults.BadRequest($"'role' must be provider or consumer, not '{role}'");
        }

        parsed = r;
        return null;
    }

    private static IResult Export<T>(string? format, IReadOnlyList<T> items, IReadOnlyList<(string Name, Func<T, object?> Value)> columns, Func<IResult> json) =>
        format?.ToLowerInvariant() switch
        {
            null or "json" => json(),
            "csv" => Results.Text(MeteringCsv.Write(items, columns), CsvType),
            _ => ManagementResults.BadRequest($"'format' must be json or csv, not '{format}'"),
        };
}
