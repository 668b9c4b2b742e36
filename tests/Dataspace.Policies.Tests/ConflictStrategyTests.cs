using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class ConflictStrategyTests
{
    private static OdrlPolicy Conflicting(ConflictStrategy strategy) => Policy(
        permissions: [Permission(Odrl.Use)],
        prohibitions: [Prohibition(Odrl.Distribute, Constraint(Odrl.Spatial, ConstraintOperator.IsNoneOf, Set(Iri("EU"))))],
        conflict: strategy);

    [Theory]
    [InlineData(ConflictStrategy.Perm, PolicyDecision.Permit, "conflict strategy perm")]
    [InlineData(ConflictStrategy.Prohibit, PolicyDecision.Deny, "conflict strategy prohibit")]
    [InlineData(ConflictStrategy.Invalid, PolicyDecision.Deny, "voids the policy")]
    public void ActivePermissionAndProhibition_AreResolvedByTheStrategy(ConflictStrategy strategy, PolicyDecision expected, string reason)
    {
        var evaluation = Compile(Conflicting(strategy)).Evaluate(Request(Odrl.Distribute, location: "US"));

        Assert.Equal(expected, evaluation.Decision);
        Assert.Equal(expected, Compile(Conflicting(strategy)).Decide(Request(Odrl.Distribute, location: "US")));
        Assert.Contains(reason, evaluation.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConflictStrategy.Perm)]
    [InlineData(ConflictStrategy.Prohibit)]
    [InlineData(ConflictStrategy.Invalid)]
    public void InactiveProhibition_DoesNotConflict(ConflictStrategy strategy) =>
        Assert.Equal(PolicyDecision.Permit, Decide(Conflicting(strategy), Request(Odrl.Distribute, location: "DE")));

    [Fact]
    public void DefaultStrategy_IsInvalid() => Assert.Equal(ConflictStrategy.Invalid, new OdrlPolicy { Uid = "p" }.Conflict);

    [Fact]
    public void ProhibitionAlone_Denies()
    {
        var policy = Policy(prohibitions: [Prohibition(Odrl.Use)]);

        var evaluation = Compile(policy).Evaluate(Request(Odrl.Read));

        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        Assert.StartsWith("Denied by prohibition $.prohibition[0] (odrl:use)", evaluation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralPermissions_AnyActiveOnePermits()
    {
        var policy = Policy(permissions:
        [
            Permission(Odrl.Use, Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research"))),
            Permission(Odrl.Use, Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("RiskManagement"))),
        ]);

        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request(purpose: "Research")));
        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request(purpose: "CreditRiskAssessment")));
        var denied = Compile(policy).Evaluate(Request(purpose: "Marketing"));
        Assert.Equal(PolicyDecision.Deny, denied.Decision);
        Assert.All(denied.Report.Rules, rule => Assert.Equal(RuleState.Inactive, rule.State));
    }
}
