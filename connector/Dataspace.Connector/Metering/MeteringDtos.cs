using Dataspace.Sdk.Metering;

namespace Dataspace.Connector.Metering;

/// <summary>One agreement's usage with one counter-party, in one role.</summary>
public sealed record UsageSummaryDto(string AgreementId, string CounterPartyId, string Role, long Bytes, long Requests, long Rows, long Computations, long DurationMs)
{
    internal static UsageSummaryDto From(UsageSummary s) =>
        new(s.AgreementId, s.CounterPartyId, s.Role.ToString().ToLowerInvariant(), s.Totals.Bytes, s.Totals.Requests, s.Totals.Rows, s.Totals.Computations, s.Totals.DurationMs);
}

/// <summary>One usage record.</summary>
public sealed record UsageRecordDto(long Sequence, string AgreementId, string? TransferId, string CounterPartyId, string Role, string Kind, long Bytes, long Requests, long Rows,
    string? Component, long DurationMs, DateTimeOffset At)
{
    internal static UsageRecordDto From(UsageRecord r) =>
        new(r.Sequence, r.AgreementId, r.TransferId, r.CounterPartyId, r.Role.ToString().ToLowerInvariant(), r.Kind == UsageKind.Computation ? "computation" : "dataAccess",
            r.Bytes, r.Requests, r.Rows, r.Component, (long)r.Duration.TotalMilliseconds, r.At);
}

/// <summary>A receipt: both parties' figures and signatures; a dispute when they differ.</summary>
public sealed record UsageReceiptDto(string Id, string AgreementId, string? TransferId, string CounterPartyId, string Role, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    string State, UsageTotals Ours, string OurSignature, UsageTotals? Theirs, string? TheirSignature, string? Note, DateTimeOffset UpdatedAt)
{
    internal static UsageReceiptDto From(UsageReceipt r) =>
        new(r.Id, r.AgreementId, r.TransferId, r.CounterPartyId, r.Role.ToString().ToLowerInvariant(), r.PeriodStart, r.PeriodEnd, r.State.ToString().ToUpperInvariant(),
            r.Ours, r.OurSignature, r.Theirs, r.TheirSignature, r.Note, r.UpdatedAt);
}

/// <summary>A statement with its lines.</summary>
public sealed record UsageStatementDto(string Id, string CounterPartyId, string Role, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string Currency, decimal Total,
    IReadOnlyList<StatementLine> Lines, string State, DateTimeOffset? PaidAt, string? PaymentReference, DateTimeOffset CreatedAt)
{
    internal static UsageStatementDto From(UsageStatement s) =>
        new(s.Id, s.CounterPartyId, s.Role.ToString().ToLowerInvariant(), s.PeriodStart, s.PeriodEnd, s.Currency, s.Total, s.Lines, s.State.ToString().ToUpperInvariant(),
            s.PaidAt, s.PaymentReference, s.CreatedAt);
}

/// <summary>What to issue statements for.</summary>
public sealed record IssueStatementsInput(string? CounterPartyId, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>A payment recorded against a statement.</summary>
public sealed record PaymentInput(string? Reference);
