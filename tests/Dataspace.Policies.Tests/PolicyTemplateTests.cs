using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Templates;
using Dataspace.Policies.Vocabulary;
using Dataspace.Testing;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class PolicyTemplateTests
{
    private static readonly string Active = """{"MembershipCredential":{"dataspace":"did:web:dataspace.example","status":"active","subspaces":["finance","energy"]}}""";
    private static readonly string Suspended = """{"MembershipCredential":{"dataspace":"did:web:dataspace.example","status":"suspended","subspaces":["finance"]}}""";
    private static readonly string OtherSubspace = """{"MembershipCredential":{"dataspace":"did:web:dataspace.example","status":"active","subspaces":["healthcare"]}}""";

    /// <summary>Per template: its example parameters, a request they allow and one they deny.</summary>
    private static readonly Dictionary<string, (PolicyRequest Allowed, PolicyRequest Denied)> Cases = new()
    {
        ["members-only"] = (Request(claims: Active), Request(claims: Suspended)),
        ["subspace-members-only"] = (Request(claims: Active), Request(claims: OtherSubspace)),
        ["purpose-limited"] = (Request(purpose: "MedicalResearch"), Request(purpose: "Marketing")),
        ["time-window"] = (Request(time: new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)), Request(time: new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero))),
        ["max-uses"] = (Request(usageCount: 2), Request(usageCount: 3)),
        ["delete-after-delivery"] = (Request() with { DeliveredAt = Now.AddDays(-29) }, Request() with { DeliveredAt = Now.AddDays(-31) }),
        ["region-only"] = (Request(Odrl.Distribute, location: "CN-GD"), Request(Odrl.Distribute, location: "SG")),
        ["pay-per-use"] = (Request() with { Payments = [new Payment(5, "EUR")] }, Request() with { Payments = [new Payment(5, "USD")] }),
        ["anonymise-before-use"] = (Request() with { DutyStates = new Dictionary<string, DutyState> { [Odrl.Anonymize] = DutyState.Fulfilled }.ToFrozenDictionary() }, Request()),
        ["aggregate-only"] = (Request(Odrl.Aggregate) with { GroupSize = 10 }, Request(Odrl.Aggregate) with { GroupSize = 9 }),
    };

    public static TheoryData<string> TemplateIds => [.. Cases.Keys];

    [Fact]
    public void BuiltInLibrary_HoldsEveryTemplateWithEnglishAndChineseDescriptions()
    {
        var library = PolicyTemplateLibrary.BuiltIn;

        Assert.Equal(Cases.Keys.Order(StringComparer.Ordinal), library.Templates.Select(t => t.Id));
        Assert.All(library.Templates, template =>
        {
            Assert.False(string.IsNullOrWhiteSpace(template.Description));
            Assert.Contains(template.DescriptionZh, c => c >= '\u4e00' && c <= '\u9fff');
            Assert.Contains(template.TitleZh, c => c >= '\u4e00' && c <= '\u9fff');
            Assert.Equal("object", template.ParametersSchema["type"]!.GetValue<string>());
        });
    }

    [Fact]
    public void RepositoryDirectory_MatchesTheEmbeddedLibrary()
    {
        var fromDisk = PolicyTemplateLibrary.LoadDirectory(Path.Combine(RepositoryPaths.Root, "policies", "templates"));

        Assert.Equal(PolicyTemplateLibrary.BuiltIn.Templates.Select(t => t.Document.ToJsonString()), fromDisk.Templates.Select(t => t.Document.ToJsonString()));
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public async Task Template_WithExampleParameters_AllowsAndDenies(string id)
    {
        var template = PolicyTemplateLibrary.BuiltIn.Find(id)!;
        var parameters = template.Example.ToDictionary(p => p.Key, p => p.Value);
        parameters["target"] = JsonValue.Create(Asset);

        var document = template.Instantiate(parameters);
        var policy = await new PolicyDocumentReader().ReadAsync(document, CancellationToken.None);
        var compiled = new PolicyEngine().Compile(policy);

        var (allowed, denied) = Cases[id];
        var permit = compiled.Evaluate(allowed);
        var deny = compiled.Evaluate(denied);
        Assert.True(permit.Decision == PolicyDecision.Permit, $"{id}: {permit.Reason}");
        Assert.True(deny.Decision == PolicyDecision.Deny, $"{id}: {deny.Reason}");
        Assert.Equal(permit.Decision, compiled.Decide(allowed));
        Assert.Equal(deny.Decision, compiled.Decide(denied));
        Assert.StartsWith("Denied", deny.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAfterDelivery_ListsThePendingDeletion()
    {
        var document = PolicyTemplateLibrary.BuiltIn.Find("delete-after-delivery")!.Instantiate(new Dictionary<string, string> { ["days"] = "30" });
        var policy = await new PolicyDocumentReader().ReadAsync(document, CancellationToken.None);

        var evaluation = new PolicyEngine().Compile(policy).Evaluate(Request() with { DeliveredAt = Now.AddDays(-1) });

        Assert.Equal(Odrl.Delete, Assert.Single(evaluation.PendingDuties).Action);
    }

    [Fact]
    public async Task TextParameters_AreConvertedToTheirSchemaTypes()
    {
        var template = PolicyTemplateLibrary.BuiltIn.Find("purpose-limited")!;

        var document = template.Instantiate(new Dictionary<string, string> { ["purposes"] = "CreditRiskAssessment, FraudPrevention", ["target"] = Asset });
        var compiled = new PolicyEngine().Compile(await new PolicyDocumentReader().ReadAsync(document, CancellationToken.None));

        Assert.Equal(PolicyDecision.Permit, compiled.Decide(Request(purpose: "FraudPrevention")));
        Assert.Equal(PolicyDecision.Deny, compiled.Decide(Request(purpose: "Research")));
        Assert.Equal(2, document["permission"]![0]!["constraint"]![0]!["rightOperand"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("max-uses", "maxUses", "3")]
    [InlineData("pay-per-use", "amount", "2.5")]
    [InlineData("aggregate-only", "minGroupSize", "12")]
    [InlineData("delete-after-delivery", "days", "7")]
    public async Task NumericTextParameters_MakeReadablePolicies(string id, string name, string value)
    {
        var document = PolicyTemplateLibrary.BuiltIn.Find(id)!.Instantiate(new Dictionary<string, string> { [name] = value });

        var policy = await new PolicyDocumentReader().ReadAsync(document, CancellationToken.None);

        Assert.Empty(new PolicyEngine().Validate(policy));
    }

    [Fact]
    public void Uid_IsDeterministic_AndTargetIsOmittedWhenNotGiven()
    {
        var template = PolicyTemplateLibrary.BuiltIn.Find("max-uses")!;

        var first = template.Instantiate(new Dictionary<string, string> { ["maxUses"] = "3" });
        var second = template.Instantiate(new Dictionary<string, string> { ["maxUses"] = "3" });
        var other = template.Instantiate(new Dictionary<string, string> { ["maxUses"] = "4" });

        Assert.Equal(first["uid"]!.GetValue<string>(), second["uid"]!.GetValue<string>());
        Assert.NotEqual(first["uid"]!.GetValue<string>(), other["uid"]!.GetValue<string>());
        Assert.StartsWith("urn:policy:max-uses:", first["uid"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(first.ContainsKey("target"));
        Assert.Equal(3, first["permission"]![0]!["constraint"]![0]!["rightOperand"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("max-uses", "", "$.maxUses: required parameter is missing")]
    [InlineData("max-uses", "maxUses=0", "$.maxUses: must be at least 1")]
    [InlineData("max-uses", "maxUses=three", "$.maxUses: expected integer")]
    [InlineData("max-uses", "maxUses=2,colour=red", "$.colour: unknown parameter")]
    [InlineData("pay-per-use", "amount=5,currency=euro", "$.currency: 'euro' does not match")]
    [InlineData("pay-per-use", "amount=0", "$.amount: must be greater than 0")]
    [InlineData("time-window", "from=yesterday,until=2027-01-01T00:00:00Z", "$.from: 'yesterday' is not an RFC 3339 date-time")]
    [InlineData("purpose-limited", "purposes=", "$.purposes: must have at least 1 items")]
    public void InvalidParameters_AreRejectedWithTheirPath(string id, string parameters, string expected)
    {
        var pairs = parameters.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1]));

        var ex = Assert.Throws<TemplateParameterException>(() => PolicyTemplateLibrary.BuiltIn.Find(id)!.Instantiate(pairs));

        Assert.Contains(ex.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDirectory_DuplicateIdOrBrokenFile_IsRejected()
    {
        var directory = Directory.CreateTempSubdirectory("policy-templates-");
        try
        {
            var source = Path.Combine(RepositoryPaths.Root, "policies", "templates", "max-uses.json");
            File.Copy(source, Path.Combine(directory.FullName, "a.json"));
            File.Copy(source, Path.Combine(directory.FullName, "b.json"));
            var duplicate = Assert.Throws<InvalidDataException>(() => PolicyTemplateLibrary.LoadDirectory(directory.FullName));
            Assert.Contains("'max-uses' is defined twice", duplicate.Message, StringComparison.Ordinal);

            File.Delete(Path.Combine(directory.FullName, "b.json"));
            File.WriteAllText(Path.Combine(directory.FullName, "c.json"), "{ not json");
            var broken = Assert.Throws<InvalidDataException>(() => PolicyTemplateLibrary.LoadDirectory(directory.FullName));
            Assert.Contains("c.json is not valid JSON", broken.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Template_WithUnsupportedSchemaKeyword_IsRejectedOnLoad()
    {
        var document = PolicyTemplateLibrary.BuiltIn.Find("max-uses")!.Document.DeepClone().AsObject();
        document["parameters"]!["properties"]!["maxUses"]!["multipleOf"] = 2;

        var ex = Assert.Throws<InvalidDataException>(() => PolicyTemplate.Load(document));

        Assert.Contains("multipleOf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_WithoutChineseDescription_IsRejectedOnLoad()
    {
        var document = PolicyTemplateLibrary.BuiltIn.Find("max-uses")!.Document.DeepClone().AsObject();
        document["description"]!.AsObject().Remove("zh");

        Assert.Throws<InvalidDataException>(() => PolicyTemplate.Load(document));
    }
}
