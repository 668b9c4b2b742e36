using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Scripting;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class PolicyFunctionTests
{
    private const string Operand = "https://example.org/vocab/certifiedSupplier";

    private sealed class CertifiedSupplier : IPolicyFunction
    {
        public string LeftOperand => Operand;

        public PolicyScope Scopes => PolicyScope.Negotiation | PolicyScope.DataAccess;

        public PolicyFunctionContext? Last { get; private set; }

        public PolicyFunctionResult Evaluate(PolicyFunctionContext context)
        {
            Last = context;
            var certified = context.Claims.TryGetValue("SupplierCredential", out var claim) && claim.GetProperty("certified").GetBoolean();
            return certified == context.RightOperand.GetBoolean()
                ? PolicyFunctionResult.Satisfied(certified ? "certified" : "not certified")
                : PolicyFunctionResult.NotSatisfied(certified ? "certified" : "not certified", "the supplier certification does not match");
        }
    }

    private sealed class Throwing : IPolicyFunction
    {
        public string LeftOperand => Operand;

        public PolicyScope Scopes => PolicyScope.All;

        public PolicyFunctionResult Evaluate(PolicyFunctionContext context) => throw new InvalidOperationException("database down");
    }

    [Fact]
    public void Function_EvaluatesWithTheRequestsContext()
    {
        var function = new CertifiedSupplier();
        var policy = new PolicyEngine(new PolicyEngineOptions { Functions = [function] })
            .Compile(UsePolicy(Constraint(Operand, ConstraintOperator.Eq, PolicyValue.FromBoolean(true))));

        Assert.Equal(PolicyDecision.Permit, policy.Decide(Request(claims: """{"SupplierCredential":{"certified":true}}""", purpose: "Research")));
        Assert.Equal(Odrl.Eq, function.Last!.Operator);
        Assert.Equal(Consumer, function.Last.PartyId);
        Assert.Equal("Research", function.Last.Purpose);
        Assert.Equal(Now, function.Last.Time);

        var denied = policy.Evaluate(Request(claims: """{"SupplierCredential":{"certified":false}}"""));
        Assert.Equal(PolicyDecision.Deny, denied.Decision);
        var constraint = Assert.Single(Assert.Single(denied.Report.Rules).Constraints);
        Assert.Equal("not certified", constraint.Observed);
        Assert.Equal("the supplier certification does not match", constraint.Reason);
    }

    [Fact]
    public void Function_OutsideItsScopes_IsDeferred()
    {
        var policy = new PolicyEngine(new PolicyEngineOptions { Functions = [new CertifiedSupplier()] })
            .Compile(UsePolicy(Constraint(Operand, ConstraintOperator.Eq, PolicyValue.FromBoolean(true))));

        var evaluation = policy.Evaluate(Request(scope: PolicyScope.Catalog));

        Assert.Equal(PolicyDecision.Permit, evaluation.Decision);
        Assert.Equal(ConstraintState.Deferred, Assert.Single(Assert.Single(evaluation.Report.Rules).Constraints).State);
    }

    [Fact]
    public void Function_Throwing_FailsClosed()
    {
        var policy = new PolicyEngine(new PolicyEngineOptions { Functions = [new Throwing()] })
            .Compile(UsePolicy(Constraint(Operand, ConstraintOperator.Eq, PolicyValue.FromBoolean(true))));

        var evaluation = policy.Evaluate(Request());

        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        Assert.Contains("database down", evaluation.Reason, StringComparison.Ordinal);
        Assert.Equal(ConstraintState.Error, Assert.Single(Assert.Single(evaluation.Report.Rules).Constraints).State);
    }

    [Fact]
    public void TwoEvaluatorsForOneLeftOperand_AreRejected()
    {
        var options = new PolicyEngineOptions
        {
            Functions = [new CertifiedSupplier()],
            Scripts = [new ScriptFunctionDefinition { LeftOperand = Operand, Source = "function evaluate(ctx) { return true; }" }],
        };

        Assert.Throws<ArgumentException>(() => new PolicyEngine(options));
        Assert.Throws<ArgumentException>(() => new PolicyEngine(new PolicyEngineOptions
        {
            Scripts = [new ScriptFunctionDefinition { LeftOperand = Odrl.Purpose, Source = "function evaluate(ctx) { return true; }" }],
        }));
    }
}
