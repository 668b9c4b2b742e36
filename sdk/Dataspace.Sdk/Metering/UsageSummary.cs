using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Metering;

/// <summary>The usage of one agreement with one counter-party in one role, added up over the queried records.</summary>
/// <param name="AgreementId">The agreement.</param>
/// <param name="CounterPartyId">The other party.</param>
/// <param name="Role">Our role.</param>
/// <param name="Totals">The figures.</param>
public sealed record UsageSummary(string AgreementId, string CounterPartyId, ProcessRole Role, UsageTotals Totals);
