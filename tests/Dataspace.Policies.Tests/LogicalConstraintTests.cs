using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class LogicalConstraintTests
{
    private static readonly AtomicConstraint Research = Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research"));
    private static readonly AtomicConstraint InEu = Constraint(Odrl.Spatial, ConstraintOperator.IsPartOf, Iri("EU"));
    private static readonly AtomicConstraint AtMostThree = Constraint(Odrl.Count, ConstraintOperator.Lteq, Number(3));

    [Theory]
    [InlineData(LogicalOperator.And, "Research", "DE", PolicyDecision.Permit)]
    [InlineData(LogicalOperator.And, "Research", "US", PolicyDecision.Deny)]
    [InlineData(LogicalOperator.And, "Marketing", "DE", PolicyDecision.Deny)]
    [InlineData(LogicalOperator.Or, "Research", "US", PolicyDecision.Permit)]
    [InlineData(LogicalOperator.Or, "Marketing", "DE", PolicyDecision.Permit)]
    [InlineData(LogicalOperator.Or, "Marketing", "US", PolicyDecision.Deny)]
    [InlineData(LogicalOperator.Xone, "Research", "US", PolicyDecision.Permit)]
    [InlineData(LogicalOperator.Xone, "Marketing", "DE", PolicyDecision.Permit)]
    [InlineData(LogicalOperator.Xone, "Research", "DE", PolicyDecision.Deny)]
    [InlineData(LogicalOperator.Xone, "Marketing", "US", PolicyDecision.Deny)]
    [InlineData(LogicalOperator.AndSequence, "Research", "DE", PolicyDecision.Permit)]
    [InlineData(LogicalOperator.AndSequence, "Marketing", "DE", PolicyDecision.Deny)]
    [InlineData(LogicalOperator.AndSequence, "Research", "US", PolicyDecision.Deny)]
    public void LogicalOperator_CombinesOperands(LogicalOperator op, string purpose, string location, PolicyDecision expected)
    {
        var policy = UsePolicy(Logical(op, Research, InEu));

        Assert.Equal(expected, Decide(policy, Request(purpose: purpose, location: location)));
    }

    [Fact]
    public void AndSequence_StopsAtFirstFailure_AndReportsTheRestAsNotEvaluated()
    {
        var policy = UsePolicy(Logical(LogicalOperator.AndSequence, Research, InEu, AtMostThree));

        var evaluation = Compile(policy).Evaluate(Request(purpose: "Marketing", location: "DE"));

        var logical = Assert.Single(Assert.Single(evaluation.Report.Rules).Constraints);
        Assert.Equal(Odrl.AndSequence, logical.Operator);
        Assert.Equal(
            [ConstraintState.NotSatisfied, ConstraintState.NotEvaluated, ConstraintState.NotEvaluated],
            logical.Constraints!.Select(c => c.State));
        Assert.Equal("$.permission[0].constraint[0].andSequence[1]", logical.Constraints![1].Path);
    }

    [Fact]
    public void Nested_OrOfAnds_IsEvaluatedRecursively()
    {
        var policy = UsePolicy(Logical(LogicalOperator.Or,
            Logical(LogicalOperator.And, Research, InEu),
            Logical(LogicalOperator.And, Constraint(Odrl.Purpose, ConstraintOperator.Eq, Iri("LegalCompliance")), AtMostThree)));

        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request(purpose: "AcademicResearch", location: "FR")));
        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request(purpose: "LegalCompliance", location: "US", usageCount: 2)));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Request(purpose: "LegalCompliance", location: "US", usageCount: 3)));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Request(purpose: "Research", location: "US", usageCount: 3)));
    }

    [Fact]
    public void Xone_ReportsHowManyOperandsHold()
    {
        var policy = UsePolicy(Logical(LogicalOperator.Xone, Research, InEu));

        var evaluation = Compile(policy).Evaluate(Request(purpose: "Research", location: "DE"));

        var logical = Assert.Single(Assert.Single(evaluation.Report.Rules).Constraints);
        Assert.Equal(ConstraintState.NotSatisfied, logical.State);
        Assert.Contains("2 operands of the xone are satisfied", logical.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deferred_OperandInCatalogScope_KeepsTheRuleActiveUntilItCanBeChecked()
    {
        var policy = UsePolicy(Logical(LogicalOperator.And, Research, AtMostThree));

        var catalog = Compile(policy).Evaluate(Request(scope: PolicyScope.Catalog, purpose: "Research", usageCount: 10));
        var access = Compile(policy).Evaluate(Request(scope: PolicyScope.DataAccess, purpose: "Research", usageCount: 10));

        Assert.Equal(PolicyDecision.Permit, catalog.Decision);
        var logical = Assert.Single(Assert.Single(catalog.Report.Rules).Constraints);
        Assert.Equal(ConstraintState.Deferred, logical.State);
        Assert.Equal(ConstraintState.Deferred, logical.Constraints![1].State);
        Assert.Equal(PolicyDecision.Deny, access.Decision);
    }

    [Fact]
    public void Or_WithDeferredAndFailingOperands_IsDeferredNotSatisfied()
    {
        var policy = UsePolicy(Logical(LogicalOperator.Or, Constraint(Odrl.Purpose, ConstraintOperator.Eq, Iri("Marketing")), AtMostThree));

        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request(scope: PolicyScope.Catalog, purpose: "Research")));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Request(scope: PolicyScope.DataAccess, purpose: "Research", usageCount: 5)));
    }
}
