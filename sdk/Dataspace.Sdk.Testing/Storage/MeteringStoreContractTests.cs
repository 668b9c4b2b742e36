using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IUsageRecordStore"/>, <see cref="IUsageReceiptStore"/> and <see cref="IUsageStatementStore"/> must do.</summary>
public abstract class MeteringStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Records are added up per agreement, counter-party and role, filtered by agreement, transfer, role and a half-open period.</summary>
    public async Task UsageRecords_SummarizeByAgreementPartyRoleAndPeriod()
    {
        await using var storage = await OpenAsync();
        var records = storage.UsageRecords;
        var t0 = StoreTestData.T0;
        await records.AppendAsync(Access("a-1", "p-1", ProcessRole.Provider, 100, t0, "t-1"), None);
        await records.AppendAsync(Access("a-1", "p-1", ProcessRole.Provider, 50, t0.AddMinutes(1), "t-1"), None);
        await records.AppendAsync(Access("a-1", "p-1", ProcessRole.Provider, 7, t0.AddHours(1), "t-2"), None);
        await records.AppendAsync(Access("a-2", "p-2", ProcessRole.Consumer, 1000, t0.AddMinutes(2), null), None);
        await records.AppendAsync(new UsageRecord
        {
            AgreementId = "a-1", CounterPartyId = "p-1", Role = ProcessRole.Provider, Kind = UsageKind.Computation, Rows = 42, Component = "count-rows",
            Duration = TimeSpan.FromSeconds(3), At = t0.AddMinutes(3),
        }, None);

        var all = await records.SummarizeAsync(new UsageQuery(), None);
        Check.Equal(2, all.Count, "summaries of two agreements");
        Check.Equal(new UsageSummary("a-1", "p-1", ProcessRole.Provider, new UsageTotals(157, 3, 42, 1, 3030)), all[0], "agreement a-1 added up");
        Check.Equal(new UsageSummary("a-2", "p-2", ProcessRole.Consumer, new UsageTotals(1000, 1, 0, 0, 10)), all[1], "agreement a-2 added up");

        var period = await records.SummarizeAsync(new UsageQuery { AgreementId = "a-1", From = t0, To = t0.AddHours(1) }, None);
        Check.Equal(new UsageTotals(150, 2, 42, 1, 3020), Check.NotNull(period.SingleOrDefault(), "a-1 in the first hour").Totals, "the period excludes its end");
        var transfer = await records.SummarizeAsync(new UsageQuery { TransferId = "t-2" }, None);
        Check.Equal(7L, Check.NotNull(transfer.SingleOrDefault(), "transfer t-2").Totals.Bytes, "bytes of transfer t-2");
        Check.Equal(0, (await records.SummarizeAsync(new UsageQuery { AgreementId = "a-2", Role = ProcessRole.Provider }, None)).Count, "a-2 as provider");
        Check.Equal(0, (await records.SummarizeAsync(new UsageQuery { CounterPartyId = "nobody" }, None)).Count, "an unknown counter-party");
    }

    /// <summary>Records list oldest first in bounded pages, with the total matching the filter.</summary>
    public async Task UsageRecords_ListInBoundedPages()
    {
        await using var storage = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await storage.UsageRecords.AppendAsync(Access("a-1", "p-1", ProcessRole.Provider, i, StoreTestData.T0.AddSeconds(10 - i), "t-1"), None);
        }

        await storage.UsageRecords.AppendAsync(Access("a-other", "p-1", ProcessRole.Provider, 99, StoreTestData.T0, null), None);
        var page = await storage.UsageRecords.ListAsync(new UsageQuery { AgreementId = "a-1" }, new PageRequest(1, 2), None);
        Check.Equal(5L, page.Total, "records of a-1");
        Check.Sequence([3L, 2L], page.Items.Select(r => r.Bytes), "the second and third oldest");
        var record = page.Items[0];
        Check.Equal("t-1", record.TransferId, "transfer id read back");
        Check.Equal(StoreTestData.T0.AddSeconds(7), record.At, "time read back");
        Check.True(record.Sequence > 0, "a stored record has a sequence number");
        var huge = await storage.UsageRecords.ListAsync(new UsageQuery(), new PageRequest(0, 100_000), None);
        Check.Equal(PageRequest.MaxLimit, huge.Limit, "a page larger than the maximum is cut to it");
    }

    /// <summary>A pending receipt can be replaced; a settled one (agreed or disputed) is kept as both signed it.</summary>
    public async Task UsageReceipts_SettledReceiptIsNeverReplaced()
    {
        await using var storage = await OpenAsync();
        var receipts = storage.UsageReceipts;
        var pending = Receipt("r-1", ReceiptState.Pending, theirs: null);
        Check.Equal(ReceiptState.Pending, (await receipts.SaveAsync(pending, None)).State, "a new receipt");
        var agreed = pending with { State = ReceiptState.Agreed, Theirs = pending.Ours, TheirSignature = "their.jws.sig", UpdatedAt = StoreTestData.T0.AddMinutes(1) };
        var stored = await receipts.SaveAsync(agreed, None);
        Check.Equal(ReceiptState.Agreed, stored.State, "the pending receipt settled");
        Check.Equal(agreed.Ours, stored.Theirs, "their figures read back");
        Check.Equal("their.jws.sig", stored.TheirSignature, "their signature read back");

        var overwrite = agreed with { State = ReceiptState.Disputed, Theirs = new UsageTotals(1, 1, 1, 1, 1), TheirSignature = "other" };
        var kept = await receipts.SaveAsync(overwrite, None);
        Check.Equal(ReceiptState.Agreed, kept.State, "state of a settled receipt saved again");
        Check.Equal("their.jws.sig", kept.TheirSignature, "signature of a settled receipt saved again");
        Check.Null(await receipts.GetAsync("r-unknown", None), "an unknown receipt");
    }

    /// <summary>Receipts list by agreement, counter-party and state, newest period first.</summary>
    public async Task UsageReceipts_ListByStateNewestFirst()
    {
        await using var storage = await OpenAsync();
        await storage.UsageReceipts.SaveAsync(Receipt("r-old", ReceiptState.Disputed, new UsageTotals(1, 1, 0, 0, 0)), None);
        await storage.UsageReceipts.SaveAsync(Receipt("r-new", ReceiptState.Disputed, new UsageTotals(2, 1, 0, 0, 0)) with { PeriodEnd = StoreTestData.T0.AddDays(2) }, None);
        await storage.UsageReceipts.SaveAsync(Receipt("r-agreed", ReceiptState.Agreed, new UsageTotals(10, 2, 0, 0, 5)), None);
        var disputes = await storage.UsageReceipts.ListAsync(new ReceiptQuery { State = ReceiptState.Disputed }, new PageRequest(), None);
        Check.Equal(2L, disputes.Total, "disputed receipts");
        Check.Sequence(["r-new", "r-old"], disputes.Items.Select(r => r.Id), "disputes, newest period first");
        Check.Equal(new UsageTotals(2, 1, 0, 0, 0), disputes.Items[0].Theirs, "their figures kept with a dispute");
        Check.Equal(0L, (await storage.UsageReceipts.ListAsync(new ReceiptQuery { CounterPartyId = "someone-else" }, new PageRequest(), None)).Total, "receipts with another party");
        Check.Equal(3L, (await storage.UsageReceipts.ListAsync(new ReceiptQuery { AgreementId = "a-1" }, new PageRequest(), None)).Total, "receipts of the agreement");
    }

    /// <summary>A statement is created once, found by counter-party and by agreement, and paid once (the first payment stands).</summary>
    public async Task UsageStatements_CreateListAndPayOnce()
    {
        await using var storage = await OpenAsync();
        var statements = storage.UsageStatements;
        var statement = new UsageStatement
        {
            Id = "s-1", CounterPartyId = "p-1", Role = ProcessRole.Provider, PeriodStart = StoreTestData.T0, PeriodEnd = StoreTestData.T0.AddDays(1), Currency = "EUR",
            Total = 12.34m, Lines = [new StatementLine("a-1", "perMB", 2.468m, 5m, 12.34m)], State = StatementState.Open, CreatedAt = StoreTestData.T0,
        };
        Check.True(await statements.CreateAsync(statement, None), "a new statement");
        Check.True(!await statements.CreateAsync(statement with { Total = 1m }, None), "a statement with a used id");
        var read = Check.NotNull(await statements.GetAsync("s-1", None), "the statement read back");
        Check.Equal(12.34m, read.Total, "total read back");
        Check.Equal(statement.Lines[0], read.Lines.Single(), "line read back");
        Check.Equal(1L, (await statements.ListAsync(null, "a-1", new PageRequest(), None)).Total, "statements charging a-1");
        Check.Equal(0L, (await statements.ListAsync(null, "a-2", new PageRequest(), None)).Total, "statements charging a-2");
        Check.Equal(1L, (await statements.ListAsync("p-1", null, new PageRequest(), None)).Total, "statements with p-1");

        var paid = Check.NotNull(await statements.MarkPaidAsync("s-1", "bank-123", StoreTestData.T0.AddDays(3), None), "the paid statement");
        Check.Equal(StatementState.Paid, paid.State, "state after payment");
        Check.Equal("bank-123", paid.PaymentReference, "payment reference");
        var again = Check.NotNull(await statements.MarkPaidAsync("s-1", "bank-999", StoreTestData.T0.AddDays(4), None), "the statement paid again");
        Check.Equal("bank-123", again.PaymentReference, "the first payment stands");
        Check.Equal(StoreTestData.T0.AddDays(3), again.PaidAt, "the first payment's time stands");
        Check.Null(await statements.MarkPaidAsync("s-unknown", null, StoreTestData.T0, None), "paying an unknown statement");
    }

    private static UsageRecord Access(string agreement, string party, ProcessRole role, long bytes, DateTimeOffset at, string? transfer) => new()
    {
        AgreementId = agreement, TransferId = transfer, CounterPartyId = party, Role = role, Kind = UsageKind.DataAccess, Bytes = bytes, Requests = 1,
        Duration = TimeSpan.FromMilliseconds(10), At = at,
    };

    private static UsageReceipt Receipt(string id, ReceiptState state, UsageTotals? theirs) => new()
    {
        Id = id, AgreementId = "a-1", CounterPartyId = "p-1", Role = ProcessRole.Provider, PeriodStart = StoreTestData.T0, PeriodEnd = StoreTestData.T0.AddDays(1),
        Ours = new UsageTotals(10, 2, 0, 0, 5), OurSignature = "our.jws.sig", Theirs = theirs, TheirSignature = theirs is null ? null : "their.jws.sig",
        State = state, UpdatedAt = StoreTestData.T0,
    };
}
