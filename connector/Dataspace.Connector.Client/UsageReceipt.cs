namespace Dataspace.Connector.Client;

/// <summary>A usage receipt: our figures and the counter-party's, each with its signature (compact JWS); DISPUTED when the counts differ.</summary>
public sealed record UsageReceipt(string Id, string AgreementId, string? TransferId, string CounterPartyId, string Role, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    string State, UsageFigures Ours, string OurSignature, UsageFigures? Theirs, string? TheirSignature, string? Note, DateTimeOffset UpdatedAt);
