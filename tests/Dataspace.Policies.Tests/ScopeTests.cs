using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class ScopeTests
{
    [Fact]
    public void PurposeLimitedOffer_IsVisibleInTheCatalog_ButNeedsAPurposeToNegotiate()
    {
        var compiled = Compile(UsePolicy(Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research"))));

        var catalog = compiled.Evaluate(Request(scope: PolicyScope.Catalog));
        var negotiation = compiled.Evaluate(Request(scope: PolicyScope.Negotiation));

        Assert.Equal(PolicyDecision.Permit, catalog.Decision);
        Assert.Equal(ConstraintState.Deferred, Assert.Single(Assert.Single(catalog.Report.Rules).Constraints).State);
        Assert.Equal(PolicyDecision.Deny, negotiation.Decision);
        Assert.Contains("the request states no purpose", negotiation.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PolicyScope.Catalog, PolicyDecision.Deny)]
    [InlineData(PolicyScope.Negotiation, PolicyDecision.Deny)]
    [InlineData(PolicyScope.TransferStart, PolicyDecision.Deny)]
    [InlineData(PolicyScope.DataAccess, PolicyDecision.Deny)]
    [InlineData(PolicyScope.Usage, PolicyDecision.Deny)]
    public void ClaimConstraints_AreEvaluatedInEveryScope(PolicyScope scope, PolicyDecision expected)
    {
        var policy = UsePolicy(Constraint("claim:MembershipCredential.status", ConstraintOperator.Eq, Text("active")));

        Assert.Equal(expected, Decide(policy, Request(scope: scope, claims: """{"MembershipCredential":{"status":"revoked"}}""")));
        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request(scope: scope, claims: """{"MembershipCredential":{"status":"active"}}""")));
    }

    [Theory]
    [InlineData(PolicyScope.Catalog, PolicyDecision.Permit)]
    [InlineData(PolicyScope.Negotiation, PolicyDecision.Permit)]
    [InlineData(PolicyScope.TransferStart, PolicyDecision.Deny)]
    [InlineData(PolicyScope.DataAccess, PolicyDecision.Deny)]
    [InlineData(PolicyScope.Usage, PolicyDecision.Deny)]
    public void UsageCount_IsCheckedOnlyOnceThereIsAnAgreement(PolicyScope scope, PolicyDecision expected) =>
        Assert.Equal(expected, Decide(UsePolicy(Constraint(Odrl.Count, ConstraintOperator.Lteq, Number(3))), Request(scope: scope, usageCount: 3)));
}
