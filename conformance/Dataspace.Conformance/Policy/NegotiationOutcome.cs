using Dataspace.Conformance.Identity;

namespace Dataspace.Conformance.Policy;

/// <summary>How a negotiation the suite started ended.</summary>
/// <param name="State"><c>FINALIZED</c>, <c>TERMINATED</c>, <c>REFUSED</c> (the request itself got a 4xx) or <c>UNFINISHED</c>.</param>
/// <param name="AgreementId">The agreement's id, when the target sent one.</param>
/// <param name="Detail">What happened, for failure messages.</param>
/// <param name="AgreementMessage">The target's ContractAgreementMessage as received, with its Authorization header.</param>
internal sealed record NegotiationOutcome(string State, string? AgreementId, string Detail, SuiteCallback? AgreementMessage)
{
    public const string Finalized = "FINALIZED";
    public const string Terminated = "TERMINATED";
    public const string Refused = "REFUSED";
    public const string Unfinished = "UNFINISHED";
}
