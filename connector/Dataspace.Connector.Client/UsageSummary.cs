namespace Dataspace.Connector.Client;

/// <summary>One agreement's usage with one counter-party, in one role (<c>provider</c> or <c>consumer</c>).</summary>
public sealed record UsageSummary(string AgreementId, string CounterPartyId, string Role, long Bytes, long Requests, long Rows, long Computations, long DurationMs);
