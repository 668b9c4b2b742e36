using System.Collections.Frozen;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

/// <summary>Over many generated policies and requests, the fast path and the explained path decide alike, and the report backs the decision.</summary>
public sealed class DecisionConsistencyTests
{
    private static readonly OdrlConstraint[] Atoms =
    [
        Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research")),
        Constraint(Odrl.Purpose, ConstraintOperator.IsNoneOf, Set(Iri("Marketing"))),
        Constraint(Odrl.Spatial, ConstraintOperator.IsPartOf, Iri("EU")),
        Constraint(Odrl.Spatial, ConstraintOperator.Eq, Iri("CN")),
        Constraint(Odrl.Count, ConstraintOperator.Lteq, Number(3)),
        Constraint(Odrl.DateTime, ConstraintOperator.Lt, Date("2026-07-01T00:00:00Z")),
        Constraint(Odrl.ElapsedTime, ConstraintOperator.Lteq, Duration("P20D")),
        Constraint("claim:MembershipCredential.level", ConstraintOperator.IsAnyOf, Set(Text("gold"), Text("silver"))),
    ];

    private static readonly string[] Actions = [Odrl.Use, Odrl.Read, Odrl.Distribute, Odrl.Aggregate];
    private static readonly string[] Purposes = ["Research", "MedicalResearch", "Marketing", "CreditRiskAssessment"];
    private static readonly string[] Locations = ["DE", "CN", "CN-GD", "US", "FR"];
    private static readonly PolicyScope[] Scopes = [PolicyScope.Catalog, PolicyScope.Negotiation, PolicyScope.DataAccess, PolicyScope.Usage];

    [Fact]
    public void GeneratedPoliciesAndRequests_FastAndExplainedPathsAgree()
    {
        var random = new Random(20260601);
        var engine = new PolicyEngine();
        var seen = new HashSet<PolicyDecision>();
        for (var i = 0; i < 400; i++)
        {
            var policy = RandomPolicy(random);
            var compiled = engine.Compile(policy);
            for (var j = 0; j < 10; j++)
            {
                var request = RandomRequest(random);
                var decision = compiled.Decide(request);
                var evaluation = compiled.Evaluate(request);

                Assert.True(decision == evaluation.Decision, $"policy {i}, request {j}: Decide {decision}, Evaluate {evaluation.Decision} ({evaluation.Reason})");
                seen.Add(decision);
                var rules = evaluation.Report.Rules;
                switch (decision)
                {
                    case PolicyDecision.Permit:
                        Assert.Contains(rules, r => r.Kind == RuleKind.Permission && r.State == RuleState.Exercisable);
                        break;
                    case PolicyDecision.NotApplicable:
                        Assert.All(rules, r => Assert.Equal(RuleState.NotApplicable, r.State));
                        break;
                    default:
                        Assert.False(string.IsNullOrWhiteSpace(evaluation.Reason));
                        Assert.True(
                            rules.Any(r => r.State != RuleState.NotApplicable) || evaluation.Report.Obligations.Any(o => o.State == DutyState.Violated),
                            evaluation.Reason);
                        break;
                }
            }
        }

        // The generator must exercise every outcome, or the comparison proves little.
        Assert.Equal(3, seen.Count);
    }

    private static OdrlPolicy RandomPolicy(Random random)
    {
        OdrlRule Rule(RuleKind kind) => new()
        {
            Kind = kind,
            Action = new OdrlAction(Actions[random.Next(Actions.Length)]),
            Constraints = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomConstraint(random, 2))],
            Duties = kind == RuleKind.Permission && random.Next(4) == 0 ? [Duty(Odrl.Anonymize)] : [],
        };

        return Policy(
            [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => Rule(RuleKind.Permission))],
            [.. Enumerable.Range(0, random.Next(0, 2)).Select(_ => Rule(RuleKind.Prohibition))],
            random.Next(5) == 0 ? [Duty(Odrl.Delete, RuleKind.Obligation, Constraint(Odrl.ElapsedTime, ConstraintOperator.Lteq, Duration("P15D")))] : null,
            (ConflictStrategy)random.Next(3)) is { } policy && policy.Permissions.Count + policy.Prohibitions.Count + policy.Obligations.Count > 0
            ? policy
            : Policy([Rule(RuleKind.Permission)]);
    }

    private static OdrlConstraint RandomConstraint(Random random, int depth)
    {
        if (depth == 0 || random.Next(3) > 0)
        {
            return Atoms[random.Next(Atoms.Length)];
        }

        var op = (LogicalOperator)random.Next(4);
        return Logical(op, [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomConstraint(random, depth - 1))]);
    }

    private static PolicyRequest RandomRequest(Random random)
    {
        var level = random.Next(3) switch { 0 => "gold", 1 => "bronze", _ => null };
        return Request(
            Actions[random.Next(Actions.Length)],
            Scopes[random.Next(Scopes.Length)],
            purpose: random.Next(5) == 0 ? null : Purposes[random.Next(Purposes.Length)],
            location: Locations[random.Next(Locations.Length)],
            usageCount: random.Next(6),
            claims: level is null ? null : "{\"MembershipCredential\":{\"level\":\"" + level + "\"}}",
            time: Now.AddDays(random.Next(-5, 40))) with
        {
            DutyStates = random.Next(2) == 0
                ? FrozenDictionary<string, DutyState>.Empty
                : new Dictionary<string, DutyState> { [Odrl.Anonymize] = DutyState.Fulfilled }.ToFrozenDictionary(),
        };
    }
}
