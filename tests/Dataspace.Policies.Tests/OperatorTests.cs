using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

/// <summary>Every operator with every value type: each supported pair permits one request and denies another; the rest are rejected at creation.</summary>
public sealed class OperatorTests
{
    private const string Member = "claim:MembershipCredential.level";
    private const string Active = "claim:MembershipCredential.active";
    private const string Roles = "claim:MembershipCredential.roles";
    private const string Partner = "did:web:partner.example";
    private const string Other = "did:web:other.example";

    private static readonly Dictionary<string, (AtomicConstraint Constraint, PolicyRequest Allowed, PolicyRequest Denied)> Cases = new()
    {
        // Numbers (count: the observed value is prior uses + 1).
        ["number eq"] = (Constraint(Odrl.Count, ConstraintOperator.Eq, Number(5)), Uses(4), Uses(5)),
        ["number neq"] = (Constraint(Odrl.Count, ConstraintOperator.Neq, Number(5)), Uses(5), Uses(4)),
        ["number lt"] = (Constraint(Odrl.Count, ConstraintOperator.Lt, Number(5)), Uses(3), Uses(4)),
        ["number lteq"] = (Constraint(Odrl.Count, ConstraintOperator.Lteq, Number(5)), Uses(4), Uses(5)),
        ["number gt"] = (Constraint(Odrl.Count, ConstraintOperator.Gt, Number(5)), Uses(5), Uses(4)),
        ["number gteq"] = (Constraint(Odrl.Count, ConstraintOperator.Gteq, Number(5)), Uses(4), Uses(3)),
        ["number isAnyOf"] = (Constraint(Odrl.Count, ConstraintOperator.IsAnyOf, Set(Number(1), Number(3))), Uses(2), Uses(1)),
        ["number isNoneOf"] = (Constraint(Odrl.Count, ConstraintOperator.IsNoneOf, Set(Number(1), Number(3))), Uses(1), Uses(2)),
        ["number isPartOf"] = (Constraint(Odrl.Count, ConstraintOperator.IsPartOf, Set(Number(1), Number(2))), Uses(1), Uses(2)),
        ["number isAllOf"] = (Constraint(Odrl.Count, ConstraintOperator.IsAllOf, Set(Number(2))), Uses(1), Uses(2)),
        ["number hasPart"] = (Constraint(Odrl.Count, ConstraintOperator.HasPart, Set(Number(1))), Uses(0), Uses(1)),
        ["decimal claim gteq"] = (Constraint("claim:RatingCredential.score", ConstraintOperator.Gteq, Number(0.75m)),
            Claims("""{"RatingCredential":{"score":0.8}}"""), Claims("""{"RatingCredential":{"score":"0.5"}}""")),

        // Instants (dateTime).
        ["dateTime eq"] = (Constraint(Odrl.DateTime, ConstraintOperator.Eq, Date("2026-06-01T12:00:00Z")), At(Now), At(Now.AddSeconds(1))),
        ["dateTime neq"] = (Constraint(Odrl.DateTime, ConstraintOperator.Neq, Date("2026-06-01T12:00:00Z")), At(Now.AddSeconds(1)), At(Now)),
        ["dateTime lt"] = (Constraint(Odrl.DateTime, ConstraintOperator.Lt, Date("2026-07-01T00:00:00Z")), At(Now), At(Now.AddMonths(1))),
        ["dateTime lteq"] = (Constraint(Odrl.DateTime, ConstraintOperator.Lteq, Date("2026-06-01T12:00:00Z")), At(Now), At(Now.AddTicks(1))),
        ["dateTime gt"] = (Constraint(Odrl.DateTime, ConstraintOperator.Gt, Date("2026-01-01T00:00:00Z")), At(Now), At(Now.AddYears(-1))),
        ["dateTime gteq"] = (Constraint(Odrl.DateTime, ConstraintOperator.Gteq, Date("2026-06-01T12:00:00Z")), At(Now), At(Now.AddTicks(-1))),
        ["dateTime isAnyOf"] = (Constraint(Odrl.DateTime, ConstraintOperator.IsAnyOf, Set(Date("2026-06-01T12:00:00Z"))), At(Now), At(Now.AddDays(1))),
        ["dateTime isNoneOf"] = (Constraint(Odrl.DateTime, ConstraintOperator.IsNoneOf, Set(Date("2026-06-01T12:00:00Z"))), At(Now.AddDays(1)), At(Now)),
        ["date claim lt"] = (Constraint("claim:MembershipCredential.validUntil", ConstraintOperator.Gt, Date("2026-06-01T00:00:00Z")),
            Claims("""{"MembershipCredential":{"validUntil":"2027-01-01"}}"""), Claims("""{"MembershipCredential":{"validUntil":"2025-01-01"}}""")),

        // Durations (elapsedTime since the agreement started, 10 days before Now).
        ["duration eq"] = (Constraint(Odrl.ElapsedTime, ConstraintOperator.Eq, Duration("P10D")), At(Now), At(Now.AddHours(1))),
        ["duration neq"] = (Constraint(Odrl.ElapsedTime, ConstraintOperator.Neq, Duration("P10D")), At(Now.AddHours(1)), At(Now)),
        ["duration lt"] = (Constraint(Odrl.ElapsedTime, ConstraintOperator.Lt, Duration("P30D")), At(Now), At(Now.AddDays(20))),
        ["duration lteq"] = (Constraint(Odrl.ElapsedTime, ConstraintOperator.Lteq, Duration("PT240H")), At(Now), At(Now.AddMinutes(1))),
        ["duration gt"] = (Constraint(Odrl.ElapsedTime, ConstraintOperator.Gt, Duration("P7D")), At(Now), At(Now.AddDays(-4))),
        ["duration gteq"] = (Constraint(Odrl.ElapsedTime, ConstraintOperator.Gteq, Duration("P10D")), At(Now), At(Now.AddMinutes(-1))),
        ["duration isAnyOf"] = (Constraint(Odrl.ElapsedTime, ConstraintOperator.IsAnyOf, Set(Duration("P10D"), Duration("P20D"))), At(Now), At(Now.AddDays(1))),
        ["duration isNoneOf"] = (Constraint(Odrl.ElapsedTime, ConstraintOperator.IsNoneOf, Set(Duration("P10D"))), At(Now.AddDays(1)), At(Now)),

        // Strings (a claim).
        ["string eq"] = (Constraint(Member, ConstraintOperator.Eq, Text("gold")), Level("gold"), Level("silver")),
        ["string neq"] = (Constraint(Member, ConstraintOperator.Neq, Text("suspended")), Level("gold"), Level("suspended")),
        ["string isAnyOf"] = (Constraint(Member, ConstraintOperator.IsAnyOf, Set(Text("gold"), Text("platinum"))), Level("platinum"), Level("bronze")),
        ["string isNoneOf"] = (Constraint(Member, ConstraintOperator.IsNoneOf, Set(Text("suspended"), Text("revoked"))), Level("gold"), Level("revoked")),
        ["string isPartOf"] = (Constraint(Member, ConstraintOperator.IsPartOf, Set(Text("gold"), Text("silver"))), Level("silver"), Level("bronze")),
        ["string isAllOf"] = (Constraint(Member, ConstraintOperator.IsAllOf, Set(Text("gold"))), Level("gold"), Level("silver")),

        // Booleans (a claim).
        ["boolean eq"] = (Constraint(Active, ConstraintOperator.Eq, PolicyValue.FromBoolean(true)),
            Claims("""{"MembershipCredential":{"active":true}}"""), Claims("""{"MembershipCredential":{"active":false}}""")),
        ["boolean neq"] = (Constraint(Active, ConstraintOperator.Neq, PolicyValue.FromBoolean(false)),
            Claims("""{"MembershipCredential":{"active":true}}"""), Claims("""{"MembershipCredential":{"active":false}}""")),

        // IRIs with a taxonomy (purpose).
        ["purpose eq"] = (Constraint(Odrl.Purpose, ConstraintOperator.Eq, Iri("Research")), Purpose("research"), Purpose("AcademicResearch")),
        ["purpose neq"] = (Constraint(Odrl.Purpose, ConstraintOperator.Neq, Iri("Marketing")), Purpose("Research"), Purpose(PolicyVocabulary.PurposeNamespace + "Marketing")),
        ["purpose isA"] = (Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research")), Purpose("MedicalResearch"), Purpose("Marketing")),
        ["purpose isPartOf"] = (Constraint(Odrl.Purpose, ConstraintOperator.IsPartOf, Iri("RiskManagement")), Purpose("CreditRiskAssessment"), Purpose("Advertising")),
        ["purpose hasPart"] = (Constraint(Odrl.Purpose, ConstraintOperator.HasPart, Iri("MedicalResearch")), Purpose("Research"), Purpose("CommercialResearch")),
        ["purpose isAnyOf"] = (Constraint(Odrl.Purpose, ConstraintOperator.IsAnyOf, Set(Iri("Research"), Iri("LegalCompliance"))), Purpose("AcademicResearch"), Purpose("Marketing")),
        ["purpose isNoneOf"] = (Constraint(Odrl.Purpose, ConstraintOperator.IsNoneOf, Set(Iri("Marketing"))), Purpose("Research"), Purpose("DirectMarketing")),
        ["purpose isAllOf"] = (Constraint(Odrl.Purpose, ConstraintOperator.IsAllOf, Set(Iri("Research"))), Purpose("Research"), Purpose("Marketing")),

        // IRIs with a region hierarchy (spatial).
        ["spatial isPartOf"] = (Constraint(Odrl.Spatial, ConstraintOperator.IsPartOf, Iri("EU")), Location("DE"), Location("CN")),
        ["spatial subdivision isPartOf"] = (Constraint(Odrl.Spatial, ConstraintOperator.IsPartOf, Iri("CN")), Location("CN-GD"), Location("HK")),
        ["spatial subdivision of member isPartOf"] = (Constraint(Odrl.Spatial, ConstraintOperator.IsPartOf, Iri("EEA")), Location("FR-75"), Location("CH")),
        ["spatial eq"] = (Constraint(Odrl.Spatial, ConstraintOperator.Eq, Iri(PolicyVocabulary.RegionNamespace + "DE")), Location("DE"), Location("AT")),
        ["spatial isA"] = (Constraint(Odrl.Spatial, ConstraintOperator.IsA, Iri("Asia")), Location("SG"), Location("US")),
        ["spatial hasPart"] = (Constraint(Odrl.Spatial, ConstraintOperator.HasPart, Iri("DE")), Location("EU"), Location("ASEAN")),
        ["spatial isAnyOf"] = (Constraint(Odrl.Spatial, ConstraintOperator.IsAnyOf, Set(Iri("EU"), Iri("GB"))), Location("GB"), Location("US")),
        ["spatial isNoneOf"] = (Constraint(Odrl.Spatial, ConstraintOperator.IsNoneOf, Set(Iri("CN"))), Location("DE"), Location("CN-SH")),

        // IRIs without a taxonomy (recipient).
        ["recipient eq"] = (Constraint(Odrl.Recipient, ConstraintOperator.Eq, Iri(Partner)), Recipient(Partner), Recipient(Other)),
        ["recipient neq"] = (Constraint(Odrl.Recipient, ConstraintOperator.Neq, Iri(Other)), Recipient(Partner), Recipient(Other)),
        ["recipient isAnyOf"] = (Constraint(Odrl.Recipient, ConstraintOperator.IsAnyOf, Set(Iri(Partner))), Recipient(Partner), Recipient(Other)),
        ["recipient isNoneOf"] = (Constraint(Odrl.Recipient, ConstraintOperator.IsNoneOf, Set(Iri(Other))), Recipient(Partner), Recipient(Other)),
        ["recipient isPartOf"] = (Constraint(Odrl.Recipient, ConstraintOperator.IsPartOf, Set(Iri(Partner))), Recipient(Partner), Recipient(Other)),

        // Sets (an array claim).
        ["set eq"] = (Constraint(Roles, ConstraintOperator.Eq, Set(Text("a"), Text("b"))), RoleSet("b", "a"), RoleSet("a")),
        ["set neq"] = (Constraint(Roles, ConstraintOperator.Neq, Set(Text("a"))), RoleSet("a", "b"), RoleSet("a")),
        ["set isAllOf"] = (Constraint(Roles, ConstraintOperator.IsAllOf, Set(Text("a"), Text("b"))), RoleSet("a", "b", "c"), RoleSet("a", "c")),
        ["set isAnyOf"] = (Constraint(Roles, ConstraintOperator.IsAnyOf, Set(Text("a"), Text("b"))), RoleSet("b", "z"), RoleSet("y", "z")),
        ["set isNoneOf"] = (Constraint(Roles, ConstraintOperator.IsNoneOf, Set(Text("banned"))), RoleSet("a"), RoleSet("a", "banned")),
        ["set hasPart"] = (Constraint(Roles, ConstraintOperator.HasPart, Text("auditor")), RoleSet("auditor", "x"), RoleSet("x")),
        ["set isPartOf"] = (Constraint(Roles, ConstraintOperator.IsPartOf, Set(Text("a"), Text("b"), Text("c"))), RoleSet("a", "c"), RoleSet("a", "d")),

        // Numbers observed from the request (percentage, payAmount, minGroupSize, industry, event).
        ["percentage lteq"] = (Constraint(Odrl.Percentage, ConstraintOperator.Lteq, Number(10)), Use() with { Percentage = 10 }, Use() with { Percentage = 10.5m }),
        ["payAmount gteq"] = (Constraint(Odrl.PayAmount, ConstraintOperator.Gteq, Number(5), "EUR"),
            Use() with { Payments = [new Payment(3, "EUR"), new Payment(2, "EUR")] }, Use() with { Payments = [new Payment(4, "EUR"), new Payment(9, "USD")] }),
        ["minGroupSize gteq"] = (Constraint(PolicyVocabulary.MinGroupSize, ConstraintOperator.Gteq, Number(10)), Use() with { GroupSize = 12 }, Use() with { GroupSize = 3 }),
        ["industry eq"] = (Constraint(Odrl.Industry, ConstraintOperator.Eq, Iri("finance")), Use() with { Industry = "Finance" }, Use() with { Industry = "health" }),
        ["event eq"] = (Constraint(Odrl.Event, ConstraintOperator.Eq, Iri("urn:event:expo")), Use() with { Event = "urn:event:expo" }, Use() with { Event = "urn:event:other" }),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Operator_PermitsMatchingRequestAndDeniesOther(string name)
    {
        var (constraint, allowed, denied) = Cases[name];
        var policy = UsePolicy(constraint);
        Assert.Equal(PolicyDecision.Permit, Decide(policy, allowed));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, denied));
    }

    public static TheoryData<string, ConstraintOperator, object> Unsupported => new()
    {
        { Odrl.Purpose, ConstraintOperator.Lt, "Research" },
        { Odrl.Spatial, ConstraintOperator.Gteq, "EU" },
        { Odrl.Recipient, ConstraintOperator.IsA, Partner },
        { Odrl.Recipient, ConstraintOperator.HasPart, Partner },
        { Odrl.Event, ConstraintOperator.Lteq, "urn:event:expo" },
        { Odrl.Count, ConstraintOperator.IsA, 5 },
        { Odrl.Count, ConstraintOperator.HasPart, 5 },
        { Odrl.Count, ConstraintOperator.IsAnyOf, 5 },
        { Odrl.DateTime, ConstraintOperator.IsPartOf, "2026-01-01T00:00:00Z" },
        { Odrl.ElapsedTime, ConstraintOperator.IsAllOf, "P1D" },
        { Member, ConstraintOperator.Lt, "gold" },
        { Member, ConstraintOperator.IsA, "gold" },
        { Active, ConstraintOperator.Gt, true },
        { Odrl.Purpose, ConstraintOperator.IsA, new[] { "Research", "Marketing" } },
        { Odrl.Count, ConstraintOperator.Lt, new[] { 1, 2 } },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Operator_UnsupportedForValueType_IsRejectedAtCreation(string leftOperand, ConstraintOperator op, object right)
    {
        var policy = UsePolicy(Constraint(leftOperand, op, ToValue(right)));

        var ex = Assert.Throws<PolicyValidationException>(() => Compile(policy));

        Assert.Equal("$.permission[0].constraint[0].operator", Assert.Single(ex.Errors).Path);
    }

    [Theory]
    [InlineData(Odrl.DateTime, "tomorrow")]
    [InlineData(Odrl.ElapsedTime, "30 days")]
    [InlineData(Odrl.Count, "five")]
    [InlineData(Odrl.PayAmount, "2026-01-01")]
    public void RightOperand_OfWrongType_IsRejectedWithPath(string leftOperand, string right)
    {
        var policy = UsePolicy(Constraint(leftOperand, ConstraintOperator.Eq, Text(right)));

        var ex = Assert.Throws<PolicyValidationException>(() => Compile(policy));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$.permission[0].constraint[0].rightOperand", error.Path);
        Assert.Contains(right, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedStrings_AreConvertedToTheLeftOperandsType()
    {
        var policy = UsePolicy(
            Constraint(Odrl.DateTime, ConstraintOperator.Lt, Text("2026-12-31T00:00:00Z")),
            Constraint(Odrl.ElapsedTime, ConstraintOperator.Lteq, Text("P30D")),
            Constraint(Odrl.Count, ConstraintOperator.Lteq, Text("3")));

        Assert.Equal(PolicyDecision.Permit, Decide(policy, Uses(2)));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Uses(3)));
    }

    [Fact]
    public void ClaimNotComparable_IsNotSatisfiedAndExplained()
    {
        var policy = UsePolicy(Constraint("claim:RatingCredential.score", ConstraintOperator.Gt, Number(1)));

        var evaluation = Compile(policy).Evaluate(Claims("""{"RatingCredential":{"score":"high"}}"""));

        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        var constraint = Assert.Single(Assert.Single(evaluation.Report.Rules).Constraints);
        Assert.Equal(ConstraintState.NotSatisfied, constraint.State);
        Assert.Equal("high", constraint.Observed);
    }

    [Fact]
    public void MissingClaim_IsUnresolvedAndDenies()
    {
        var policy = UsePolicy(Constraint(Member, ConstraintOperator.Eq, Text("gold")));

        var evaluation = Compile(policy).Evaluate(Use());

        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        Assert.Equal(ConstraintState.Unresolved, Assert.Single(Assert.Single(evaluation.Report.Rules).Constraints).State);
        Assert.Contains("no verified claim level in a MembershipCredential", evaluation.Reason, StringComparison.Ordinal);
    }

    private static PolicyValue ToValue(object value) => value switch
    {
        string s => Text(s),
        int i => Number(i),
        bool b => PolicyValue.FromBoolean(b),
        string[] items => Set([.. items.Select(Text)]),
        int[] items => Set([.. items.Select(i => Number(i))]),
        _ => throw new ArgumentException($"unsupported {value}"),
    };

    private static PolicyRequest Use() => Request();

    private static PolicyRequest Uses(long count) => Request(usageCount: count);

    private static PolicyRequest At(DateTimeOffset time) => Request(time: time);

    private static PolicyRequest Purpose(string purpose) => Request(purpose: purpose);

    private static PolicyRequest Location(string location) => Request(location: location);

    private static PolicyRequest Recipient(string recipient) => Request() with { Recipient = recipient };

    private static PolicyRequest Claims(string json) => Request(claims: json);

    private static PolicyRequest Level(string level) => Claims("{\"MembershipCredential\":{\"level\":\"" + level + "\"}}");

    private static PolicyRequest RoleSet(params string[] roles) =>
        Claims("{\"MembershipCredential\":{\"roles\":[" + string.Join(",", roles.Select(r => "\"" + r + "\"")) + "]}}");
}
