namespace Dataspace.Connector.Client;

/// <summary>One usage record: a data access (<paramref name="Kind"/> <c>dataAccess</c>) or a computation (<c>computation</c>) at <paramref name="At"/>.</summary>
public sealed record UsageRecord(long Sequence, string AgreementId, string? TransferId, string CounterPartyId, string Role, string Kind, long Bytes, long Requests, long Rows,
    string? Component, long DurationMs, DateTimeOffset At);
