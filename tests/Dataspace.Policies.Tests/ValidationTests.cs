using Dataspace.Policies.Compilation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void UnknownLeftOperand_MakesThePolicyInvalid_NeverSilentlyPermitted()
    {
        var policy = Policy([Permission(Odrl.Use, Constraint("https://example.org/vocab/fleetSize", ConstraintOperator.Gt, Number(3)))]);

        var ex = Assert.Throws<PolicyValidationException>(() => Compile(policy));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$.permission[0].constraint[0].leftOperand", error.Path);
        Assert.Contains("not known to the engine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAction_MakesThePolicyInvalid()
    {
        var ex = Assert.Throws<PolicyValidationException>(() => Compile(Policy([Permission("https://example.org/vocab/teleport")])));

        Assert.Equal("$.permission[0].action", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void NestedProblems_AreAllReportedWithTheirPaths()
    {
        var policy = Policy(
            [Permission(Odrl.Use, Logical(LogicalOperator.Or,
                Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research")),
                Constraint("urn:unknown", ConstraintOperator.Eq, Text("x"))))
                with { Duties = [Duty(Odrl.Compensate) with { Action = new OdrlAction(Odrl.Compensate) { Refinements = [Constraint(Odrl.PayAmount, ConstraintOperator.Eq, Text("lots"))] } }] }],
            obligations: [Duty("urn:unknown-action", RuleKind.Obligation)]);

        var errors = new PolicyEngine().Validate(policy);

        Assert.Equal(
            ["$.permission[0].constraint[0].or[1].leftOperand", "$.permission[0].duty[0].action.refinement[0].rightOperand", "$.obligation[0].action"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void PolicyWithoutRules_IsInvalid() =>
        Assert.Equal("$", Assert.Single(new PolicyEngine().Validate(Policy())).Path);

    [Fact]
    public void Agreement_WithoutAssignee_IsInvalid()
    {
        var errors = new PolicyEngine().Validate(Policy([Permission()], type: PolicyType.Agreement));

        Assert.Equal("$.assignee", Assert.Single(errors).Path);
    }

    [Fact]
    public void ProhibitionWithDuties_AndPermissionWithRemedies_AreInvalid()
    {
        var policy = Policy(
            [Permission() with { Remedies = [Duty(Odrl.Delete, RuleKind.Remedy)] }],
            [Prohibition() with { Duties = [Duty(Odrl.Delete)] }]);

        var errors = new PolicyEngine().Validate(policy);

        Assert.Equal(["$.permission[0].remedy", "$.prohibition[0].duty"], errors.Select(e => e.Path));
    }

    [Fact]
    public void ConstraintNoEnforcedScopeCanEvaluate_IsInvalidAtCreation()
    {
        var options = new PolicyEngineOptions { EnforcedScopes = PolicyScope.Catalog | PolicyScope.Negotiation };
        var policy = UsePolicy(Constraint(Odrl.Count, ConstraintOperator.Lteq, Number(3)));

        var ex = Assert.Throws<PolicyValidationException>(() => new PolicyEngine(options).Compile(policy));

        Assert.Contains("which this connector does not enforce", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
        Assert.Empty(new PolicyEngine(options).Validate(UsePolicy(Constraint(Odrl.Purpose, ConstraintOperator.Eq, Iri("Research")))));
    }

    [Fact]
    public void InheritFrom_MergesTheParentsRules()
    {
        var parent = Policy(prohibitions: [Prohibition(Odrl.Distribute)]) with { Uid = "urn:policy:parent" };
        var child = Policy([Permission(Odrl.Use)]) with { InheritFrom = ["urn:policy:parent"] };

        var compiled = new PolicyEngine().Compile(child, uid => uid == parent.Uid ? parent : null);

        Assert.Equal(Evaluation.PolicyDecision.Permit, compiled.Decide(Request(Odrl.Read)));
        var evaluation = compiled.Evaluate(Request(Odrl.Distribute));
        Assert.Equal(Evaluation.PolicyDecision.Deny, evaluation.Decision);
        Assert.Contains(evaluation.Report.Rules, r => r.Path == "$.inheritFrom[0].prohibition[0]");
    }

    [Fact]
    public void InheritFrom_Unresolvable_OrCyclic_IsInvalid()
    {
        var a = Policy([Permission()]) with { Uid = "urn:a", InheritFrom = ["urn:b"] };
        var b = Policy([Permission()]) with { Uid = "urn:b", InheritFrom = ["urn:a"] };

        Assert.Equal("$.inheritFrom[0]", Assert.Single(new PolicyEngine().Validate(a)).Path);
        var cyclic = new PolicyEngine().Validate(a, uid => uid == "urn:a" ? a : b);
        Assert.Contains("cycle", Assert.Single(cyclic).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claim:")]
    [InlineData("claim:MembershipCredential")]
    [InlineData("claim:MembershipCredential..level")]
    public void MalformedClaimOperand_IsInvalid(string iri)
    {
        var errors = new PolicyEngine().Validate(UsePolicy(Constraint(iri, ConstraintOperator.Eq, Text("x"))));

        Assert.Contains("must name a credential type and a path", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogicalConstraintWithoutOperands_IsInvalid() =>
        Assert.Equal("$.permission[0].constraint[0].xone", Assert.Single(new PolicyEngine().Validate(UsePolicy(Logical(LogicalOperator.Xone)))).Path);

    [Fact]
    public void UnsupportedProfile_IsInvalid()
    {
        var policy = Policy([Permission()]) with { Profiles = ["https://example.org/profiles/automotive"] };

        var error = Assert.Single(new PolicyEngine().Validate(policy));

        Assert.Equal("$.profile[0]", error.Path);
        Assert.Empty(new PolicyEngine(new PolicyEngineOptions { SupportedProfiles = ["https://example.org/profiles/automotive"] }).Validate(policy));
    }

    [Fact]
    public void UnitOnAnOperandThatTakesNone_IsInvalid()
    {
        var errors = new PolicyEngine().Validate(UsePolicy(Constraint(Odrl.Count, ConstraintOperator.Lteq, Number(5), unit: "thousand")));

        Assert.Equal("$.permission[0].constraint[0].unit", Assert.Single(errors).Path);
    }
}
