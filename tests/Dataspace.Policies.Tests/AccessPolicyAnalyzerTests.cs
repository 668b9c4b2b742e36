using System.Text.Json;
using Dataspace.Policies.Analysis;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class AccessPolicyAnalyzerTests
{
    private const string ClaimFunction = "https://example.com/vocab#certifiedSupplier";

    private static readonly string[] Types = ["MembershipCredential", "IndustryCredential"];
    private static readonly string[] Paths = ["level", "region", "roles", "roles.0", "roles.1", "org.name", "01", "count"];
    private static readonly string[] Values = ["gold", "silver", "EU", "US", "admin", "user"];

    private sealed class CatalogFunction : IPolicyFunction
    {
        public string LeftOperand => ClaimFunction;

        public PolicyScope Scopes => PolicyScope.Catalog;

        // Reads a claim the analysis cannot see through: whoever has any credential at all.
        public PolicyFunctionResult Evaluate(PolicyFunctionContext context) =>
            context.Claims.Count > 0 ? PolicyFunctionResult.Satisfied("yes") : PolicyFunctionResult.NotSatisfied("no", "no credential");
    }

    private static readonly PolicyEngine Engine = new(new PolicyEngineOptions { Functions = [new CatalogFunction()] });
    private static readonly AccessPolicyAnalyzer Analyzer = new(Engine);

    [Fact]
    public void Analyze_PermissionWithoutConstraints_IsForEveryone()
    {
        var requirement = Analyzer.Analyze(UsePolicy());

        Assert.Equal(AccessRequirementKind.Everyone, requirement.Kind);
        Assert.Equal([AccessKeys.Everyone], requirement.Keys);
    }

    [Fact]
    public void Analyze_ClaimEquality_NeedsThatClaimValue()
    {
        var requirement = Analyzer.Analyze(UsePolicy(Constraint("claim:MembershipCredential.level", ConstraintOperator.Eq, Text("gold"))));

        Assert.Equal(AccessRequirementKind.Claims, requirement.Kind);
        var key = Assert.Single(requirement.Keys);
        Assert.Contains(key, AccessKeys.For(Party("""{"MembershipCredential":{"level":"gold"}}"""))!);
        Assert.DoesNotContain(key, AccessKeys.For(Party("""{"MembershipCredential":{"level":"silver"}}"""))!);
    }

    [Fact]
    public void Analyze_OrOfClaims_NeedsOneOfThem()
    {
        var requirement = Analyzer.Analyze(UsePolicy(Logical(LogicalOperator.Or,
            Constraint("claim:MembershipCredential.level", ConstraintOperator.Eq, Text("gold")),
            Constraint("claim:IndustryCredential.region", ConstraintOperator.IsAnyOf, Set(Text("EU"), Text("US"))))));

        Assert.Equal(AccessRequirementKind.Claims, requirement.Kind);
        Assert.Equal(3, requirement.Keys.Count);
    }

    [Fact]
    public void Analyze_AndOfClaimAndCredential_KeepsTheClaimValue()
    {
        var requirement = Analyzer.Analyze(UsePolicy(
            Constraint("claim:MembershipCredential.since", ConstraintOperator.Lt, Date("2026-01-01T00:00:00Z")),
            Constraint("claim:IndustryCredential.region", ConstraintOperator.Eq, Text("EU"))));

        var key = Assert.Single(requirement.Keys);
        Assert.Contains(key, AccessKeys.For(Party("""{"IndustryCredential":{"region":"EU"}}"""))!);
    }

    [Fact]
    public void Analyze_NoPermission_IsForNobody()
    {
        var requirement = Analyzer.Analyze(Policy(prohibitions: [Prohibition()]));

        Assert.Equal(AccessRequirementKind.Nobody, requirement.Kind);
        Assert.Empty(requirement.Keys);
    }

    [Fact]
    public void Analyze_FunctionInCatalogScope_IsOpaque()
    {
        var requirement = Analyzer.Analyze(UsePolicy(Constraint(ClaimFunction, ConstraintOperator.Eq, Text("yes"))));

        Assert.Equal(AccessRequirementKind.Opaque, requirement.Kind);
        Assert.Equal([AccessKeys.Everyone], requirement.Keys);
    }

    [Fact]
    public void Analyze_NonCanonicalIndexSegment_FallsBackToTheCredential()
    {
        // "01" reaches array index 1 as well as a member named "01": only the credential itself is certain.
        var requirement = Analyzer.Analyze(UsePolicy(Constraint("claim:MembershipCredential.roles.01", ConstraintOperator.Eq, Text("admin"))));

        var key = Assert.Single(requirement.Keys);
        var holder = Party("""{"MembershipCredential":{"roles":["user","admin"]}}""");
        Assert.Equal(PolicyDecision.Permit, Engine.Compile(UsePolicy(Constraint("claim:MembershipCredential.roles.01", ConstraintOperator.Eq, Text("admin")))).Decide(CatalogRequest(holder)));
        Assert.Contains(key, AccessKeys.For(holder)!);
    }

    [Fact]
    public void Keys_HugeClaims_AreNotEnumerated()
    {
        var members = string.Join(',', Enumerable.Range(0, AccessKeys.MaxKeys + 10).Select(i => $"\"m{i}\":\"v\""));

        Assert.Null(AccessKeys.For(Party("{\"MembershipCredential\":{" + members + "}}")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Analyze_GeneratedPolicies_NeverRulesOutARequesterThePolicyPermits(int seed)
    {
        var random = new Random(seed);
        var requesters = Enumerable.Range(0, 60).Select(_ => RandomParty(random)).ToList();
        int permits = 0, pruned = 0;
        for (var i = 0; i < 400; i++)
        {
            var policy = RandomPolicy(random);
            var compiled = Engine.Compile(policy);
            var requirement = Analyzer.Analyze(policy);
            foreach (var party in requesters)
            {
                var keys = AccessKeys.For(party);
                var candidate = keys is null || requirement.Keys.Any(keys.Contains);
                var permitted = compiled.Decide(CatalogRequest(party)) == PolicyDecision.Permit;
                Assert.False(permitted && !candidate,
                    $"seed {seed} policy {i} permits {JsonSerializer.Serialize(party.Claims)} but the analysis ({requirement.Kind}: {string.Join(", ", requirement.Keys)}) rules it out: {JsonSerializer.Serialize(policy)}");
                permits += permitted ? 1 : 0;
                pruned += candidate ? 0 : 1;
            }
        }

        // The generator must exercise both sides, or the check above proves nothing.
        Assert.InRange(permits, 500, int.MaxValue);
        Assert.InRange(pruned, 5000, int.MaxValue);
    }

    private static PolicyRequest CatalogRequest(RequestingParty party) => new()
    {
        Scope = PolicyScope.Catalog,
        Party = party,
        Action = Odrl.Use,
        Target = Asset,
        Time = Now,
    };

    private static RequestingParty Party(string claims) =>
        new(Consumer) { Claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(claims)! };

    private static RequestingParty RandomParty(Random random)
    {
        var claims = new Dictionary<string, object>();
        foreach (var type in Types.Where(_ => random.Next(3) > 0))
        {
            var subject = new Dictionary<string, object>();
            foreach (var field in new[] { "level", "region", "count", "01" }.Where(_ => random.Next(3) > 0))
            {
                subject[field] = field == "count" ? random.Next(5) : Pick(random, Values);
            }

            if (random.Next(2) == 0)
            {
                subject["roles"] = Enumerable.Range(0, random.Next(4)).Select(_ => Pick(random, Values)).ToArray();
            }

            if (random.Next(3) == 0)
            {
                subject["org"] = new Dictionary<string, object> { ["name"] = Pick(random, Values) };
            }

            claims[type] = subject;
        }

        return Party(JsonSerializer.Serialize(claims));
    }

    private static OdrlPolicy RandomPolicy(Random random)
    {
        var permissions = Enumerable.Range(0, random.Next(4) == 0 ? 0 : 1 + random.Next(2))
            .Select(_ => Permission(Odrl.Use, [.. Enumerable.Range(0, random.Next(3)).Select(_ => RandomConstraint(random, 0))]))
            .ToList();
        var prohibitions = permissions.Count == 0 || random.Next(4) == 0 ? new List<OdrlRule> { Prohibition(Odrl.Use, RandomConstraint(random, 0)) } : [];
        return Policy(permissions, prohibitions, conflict: random.Next(2) == 0 ? ConflictStrategy.Perm : ConflictStrategy.Prohibit);
    }

    private static OdrlConstraint RandomConstraint(Random random, int depth)
    {
        var roll = random.Next(depth < 2 ? 14 : 10);
        if (roll >= 10)
        {
            var op = (LogicalOperator)random.Next(4);
            return Logical(op, [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => RandomConstraint(random, depth + 1))]);
        }

        return roll switch
        {
            0 => Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research")),
            1 => Constraint(Odrl.DateTime, ConstraintOperator.Lt, Date(random.Next(2) == 0 ? "2030-01-01T00:00:00Z" : "2020-01-01T00:00:00Z")),
            2 => Constraint(ClaimFunction, ConstraintOperator.Eq, Text("yes")),
            _ => RandomClaimConstraint(random),
        };
    }

    private static AtomicConstraint RandomClaimConstraint(Random random)
    {
        var left = $"claim:{Pick(random, Types)}.{Pick(random, Paths)}";
        PolicyValue One() => random.Next(5) == 0 ? Iri(Pick(random, Values)) : Text(Pick(random, Values));
        PolicyValue Several() => Set([.. Enumerable.Range(0, random.Next(3)).Select(_ => One())]);
        return random.Next(9) switch
        {
            0 or 1 => Constraint(left, ConstraintOperator.Eq, One()),
            2 => Constraint(left, ConstraintOperator.Neq, One()),
            3 => Constraint(left, ConstraintOperator.IsAnyOf, random.Next(3) == 0 ? One() : Several()),
            4 => Constraint(left, ConstraintOperator.IsAllOf, Several()),
            5 => Constraint(left, ConstraintOperator.HasPart, One()),
            6 => Constraint(left, ConstraintOperator.IsNoneOf, Several()),
            7 => Constraint(left, ConstraintOperator.Gt, Number(random.Next(4))),
            _ => Constraint(left, ConstraintOperator.Eq, Several()),
        };
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
