using System.Collections.Frozen;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class DutyTests
{
    private static OdrlPolicy PayPerUse(decimal amount) => Policy([Permission(Odrl.Use) with
    {
        Duties =
        [
            Duty(Odrl.Compensate) with
            {
                Uid = "urn:duty:pay",
                Action = new OdrlAction(Odrl.Compensate) { Refinements = [Constraint(Odrl.PayAmount, ConstraintOperator.Gteq, Number(amount), "EUR")] },
            },
        ],
    }]);

    private static PolicyRequest WithStates(PolicyRequest request, params (string Key, DutyState State)[] states) =>
        request with { DutyStates = states.ToFrozenDictionary(s => s.Key, s => s.State) };

    [Fact]
    public void Duty_NotFulfilled_BlocksThePermission()
    {
        var evaluation = Compile(PayPerUse(5)).Evaluate(Request());

        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        var rule = Assert.Single(evaluation.Report.Rules);
        Assert.Equal(RuleState.Active, rule.State);
        Assert.Equal(DutyState.Pending, Assert.Single(rule.Duties).State);
        Assert.Contains("duty $.permission[0].duty[0] (odrl:compensate) is pending", evaluation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compensate_PaymentsSatisfyingTheRefinement_FulfilTheDuty()
    {
        var paid = Request() with { Payments = [new Payment(2.5m, "EUR"), new Payment(2.5m, "EUR")] };
        var underpaid = Request() with { Payments = [new Payment(4.99m, "EUR"), new Payment(100, "USD")] };

        Assert.Equal(PolicyDecision.Permit, Decide(PayPerUse(5), paid));
        Assert.Equal(PolicyDecision.Deny, Decide(PayPerUse(5), underpaid));
        Assert.Equal(RuleState.Exercisable, Assert.Single(Compile(PayPerUse(5)).Evaluate(paid).Report.Rules).State);
    }

    [Fact]
    public void Duty_RecordedFulfilled_ByUidOrAction_AllowsExercise()
    {
        var policy = Policy([Permission(Odrl.Use) with { Duties = [Duty(Odrl.Anonymize) with { Uid = "urn:duty:anon" }] }]);

        Assert.Equal(PolicyDecision.Deny, Decide(policy, Request()));
        Assert.Equal(PolicyDecision.Permit, Decide(policy, WithStates(Request(), ("urn:duty:anon", DutyState.Fulfilled))));
        Assert.Equal(PolicyDecision.Permit, Decide(policy, WithStates(Request(), (Odrl.Anonymize, DutyState.Fulfilled))));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, WithStates(Request(), (Odrl.Delete, DutyState.Fulfilled))));
    }

    [Fact]
    public void Duty_PastItsDeadline_IsViolated_AndConsequencesRemedyIt()
    {
        var duty = Duty(Odrl.Compensate, RuleKind.Duty, Constraint(Odrl.DateTime, ConstraintOperator.Lt, Date("2026-05-01T00:00:00Z"))) with
        {
            Uid = "urn:duty:late-fee",
            Consequences = [Duty("http://www.w3.org/ns/odrl/2/inform", RuleKind.Consequence) with { Uid = "urn:duty:inform" }],
        };
        var policy = Policy([Permission(Odrl.Use) with { Duties = [duty] }]);
        var compiled = Compile(policy);

        var violated = compiled.Evaluate(Request());
        Assert.Equal(PolicyDecision.Deny, violated.Decision);
        var report = Assert.Single(Assert.Single(violated.Report.Rules).Duties);
        Assert.Equal(DutyState.Violated, report.State);
        Assert.Equal(DutyState.Pending, Assert.Single(report.Consequences).State);

        var remedied = compiled.Evaluate(WithStates(Request(), ("urn:duty:inform", DutyState.Fulfilled)));
        Assert.Equal(PolicyDecision.Permit, remedied.Decision);
        Assert.Equal(DutyState.Remedied, Assert.Single(Assert.Single(remedied.Report.Rules).Duties).State);
        Assert.Equal(PolicyDecision.Permit, compiled.Decide(WithStates(Request(), ("urn:duty:inform", DutyState.Fulfilled))));
    }

    [Fact]
    public void Obligation_Pending_PermitsAndIsListedForTheConnector()
    {
        var policy = Policy(
            [Permission(Odrl.Use)],
            obligations: [Duty(Odrl.Delete, RuleKind.Obligation, Constraint(Odrl.ElapsedTime, ConstraintOperator.Lteq, Duration("P30D")))]);

        var evaluation = Compile(policy).Evaluate(Request());

        Assert.Equal(PolicyDecision.Permit, evaluation.Decision);
        var pending = Assert.Single(evaluation.PendingDuties);
        Assert.Equal(Odrl.Delete, pending.Action);
        Assert.Equal("$.obligation[0]", pending.Path);
    }

    [Fact]
    public void Obligation_Violated_DeniesFurtherUse()
    {
        var policy = Policy(
            [Permission(Odrl.Use)],
            obligations: [Duty(Odrl.Delete, RuleKind.Obligation, Constraint(Odrl.ElapsedTime, ConstraintOperator.Lteq, Duration("P30D")))]);

        var late = Request(time: Now.AddDays(25));

        var evaluation = Compile(policy).Evaluate(late);
        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        Assert.StartsWith("Denied: obligation $.obligation[0] (odrl:delete) was violated", evaluation.Reason, StringComparison.Ordinal);
        Assert.Equal(PolicyDecision.Deny, Decide(policy, late));
        Assert.Equal(PolicyDecision.Permit, Decide(policy, WithStates(late, (Odrl.Delete, DutyState.Fulfilled))));
    }

    [Fact]
    public void Obligation_RecordedRemedied_Permits()
    {
        var policy = Policy([Permission(Odrl.Use)], obligations: [Duty(Odrl.Anonymize, RuleKind.Obligation) with { Uid = "urn:ob:anon" }]);

        Assert.Equal(PolicyDecision.Permit, Decide(policy, WithStates(Request(), ("urn:ob:anon", DutyState.Remedied))));
        Assert.Equal(DutyState.Remedied, Assert.Single(Compile(policy).Evaluate(WithStates(Request(), ("urn:ob:anon", DutyState.Remedied))).Report.Obligations).State);
    }

    [Fact]
    public void Obligation_RecordedViolated_WithoutConsequences_Denies()
    {
        var policy = Policy([Permission(Odrl.Use)], obligations: [Duty(Odrl.Anonymize, RuleKind.Obligation) with { Uid = "urn:ob:anon" }]);

        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request()));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, WithStates(Request(), ("urn:ob:anon", DutyState.Violated))));
    }

    [Fact]
    public void Prohibition_Remedies_AreReportedWhenItIsActive()
    {
        var prohibition = Prohibition(Odrl.Distribute) with { Remedies = [Duty(Odrl.Delete, RuleKind.Remedy)] };
        var evaluation = Compile(Policy([Permission(Odrl.Read)], [prohibition])).Evaluate(Request(Odrl.Distribute));

        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        var rule = Assert.Single(evaluation.Report.Rules, r => r.Kind == RuleKind.Prohibition);
        Assert.Equal(RuleState.Active, rule.State);
        var remedy = Assert.Single(rule.Duties);
        Assert.Equal("$.prohibition[0].remedy[0]", remedy.Path);
        Assert.Equal(DutyState.Pending, remedy.State);
    }
}
