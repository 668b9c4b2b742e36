using System.Text.Json.Nodes;

namespace Dataspace.Cli.Tests.Policy;

public sealed class PolicyCommandTests : IDisposable
{
    private const string Request = """
        { "scope": "dataAccess", "party": { "id": "did:web:consumer.example" }, "action": "use", "target": "urn:asset:weather",
          "time": "2026-06-01T12:00:00Z", "purpose": "MedicalResearch" }
        """;

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-policy-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Templates_ListsEveryTemplateInEnglishAndChinese()
    {
        var (exit, output, error) = await Cli.RunAsync("policy", "templates");

        Assert.True(exit == 0, error);
        Assert.Contains("max-uses: Use at most N times / 最多使用 N 次", output, StringComparison.Ordinal);
        Assert.Contains("parameters: maxUses=<integer>", output, StringComparison.Ordinal);
        Assert.Contains("region-only", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplatesJson_PrintsSchemasAndExamples()
    {
        var (exit, output, error) = await Cli.RunAsync("policy", "templates", "--json");

        Assert.True(exit == 0, error);
        var templates = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(10, templates.Count);
        Assert.All(templates, t => Assert.Equal("object", t!["parameters"]!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task New_ThenValidate_ThenEval_PermitsAndDenies()
    {
        var (exit, policy, error) = await Cli.RunAsync("policy", "new", "--template", "purpose-limited", "--param", "purposes=Research", "--param", "target=urn:asset:weather");
        Assert.True(exit == 0, error);
        var policyFile = Write("policy.json", policy);

        var validate = await Cli.RunAsync("policy", "validate", policyFile);
        Assert.True(validate.ExitCode == 0, validate.Error);
        Assert.StartsWith("valid: policy urn:policy:purpose-limited:", validate.Output, StringComparison.Ordinal);

        var permit = await Cli.RunAsync("policy", "eval", "--policy", policyFile, "--request", Write("request.json", Request));
        Assert.True(permit.ExitCode == 0, permit.Error);
        Assert.Equal("permit", JsonNode.Parse(permit.Output)!["decision"]!.GetValue<string>());

        var deny = await Cli.RunAsync("policy", "eval", "--policy", policyFile, "--request", Write("marketing.json", Request.Replace("MedicalResearch", "Marketing", StringComparison.Ordinal)));
        var report = JsonNode.Parse(deny.Output)!;
        Assert.Equal("deny", report["decision"]!.GetValue<string>());
        Assert.Equal("Marketing", report["report"]!["rules"]![0]!["constraints"]![0]!["observed"]!.GetValue<string>());
    }

    [Fact]
    public async Task Eval_WithState_UsesRecordedCounters()
    {
        var (_, policy, _) = await Cli.RunAsync("policy", "new", "--template", "max-uses", "--param", "maxUses=3", "--param", "target=urn:asset:weather");
        var policyFile = Write("policy.json", policy);
        var requestFile = Write("request.json", Request);

        var under = await Cli.RunAsync("policy", "eval", "--policy", policyFile, "--request", requestFile, "--state", Write("under.json", """{ "usageCount": 2 }"""));
        var over = await Cli.RunAsync("policy", "eval", "--policy", policyFile, "--request", requestFile, "--state", Write("over.json", """{ "usageCount": 3 }"""));

        Assert.Equal("permit", JsonNode.Parse(under.Output)!["decision"]!.GetValue<string>());
        var denied = JsonNode.Parse(over.Output)!;
        Assert.Equal("deny", denied["decision"]!.GetValue<string>());
        Assert.Equal("4", denied["report"]!["rules"]![0]!["constraints"]![0]!["observed"]!.GetValue<string>());
    }

    [Fact]
    public async Task Eval_WithFunctionsDirectory_RunsTheScripts()
    {
        var functions = _temp.CreateSubdirectory("functions");
        File.WriteAllText(Path.Combine(functions.FullName, "fleet.js"), """
            // @leftOperand https://example.org/vocab/fleetSize
            function evaluate(ctx) { return { satisfied: ctx.party.claims.FleetCredential.size >= ctx.rightOperand, observed: ctx.party.claims.FleetCredential.size }; }
            """);
        var policyFile = Write("policy.json", """
            { "@context": "http://www.w3.org/ns/odrl.jsonld", "uid": "urn:p", "target": "urn:asset:weather",
              "permission": [{ "action": "use", "constraint": [{ "leftOperand": "https://example.org/vocab/fleetSize", "operator": "gteq", "rightOperand": 10 }] }] }
            """);
        var requestFile = Write("request.json", """{ "party": { "id": "did:web:c", "claims": { "FleetCredential": { "size": 7 } } }, "action": "use", "target": "urn:asset:weather" }""");

        var withoutFunctions = await Cli.RunAsync("policy", "validate", policyFile);
        var (exit, output, error) = await Cli.RunAsync("policy", "eval", "--policy", policyFile, "--request", requestFile, "--functions", functions.FullName);

        Assert.Equal(1, withoutFunctions.ExitCode);
        Assert.Contains("not known to the engine", withoutFunctions.Error, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        var result = JsonNode.Parse(output)!;
        Assert.Equal("deny", result["decision"]!.GetValue<string>());
        Assert.Equal("7", result["report"]!["rules"]![0]!["constraints"]![0]!["observed"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_InvalidPolicy_PrintsTheJsonPathAndFails()
    {
        var file = Write("bad.json", """
            { "@context": "http://www.w3.org/ns/odrl.jsonld", "uid": "urn:p",
              "permission": [{ "action": "use", "constraint": [{ "leftOperand": "https://example.org/fleetSize", "operator": "gt", "rightOperand": 3 }] }] }
            """);

        var (exit, _, error) = await Cli.RunAsync("policy", "validate", file);

        Assert.Equal(1, exit);
        Assert.Contains("$.permission[0].constraint[0].leftOperand", error, StringComparison.Ordinal);
        Assert.Contains("not known to the engine", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-template", "maxUses=1", "no template 'no-such-template'")]
    [InlineData("max-uses", "maxUses=zero", "$.maxUses: expected integer")]
    [InlineData("max-uses", "maxUses", "is not key=value")]
    public async Task New_BadTemplateOrParameter_FailsWithOneLine(string template, string parameter, string expected)
    {
        var (exit, _, error) = await Cli.RunAsync("policy", "new", "--template", template, "--param", parameter);

        Assert.Equal(1, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_MalformedRequest_NamesTheProblem()
    {
        var (_, policy, _) = await Cli.RunAsync("policy", "new", "--template", "max-uses", "--param", "maxUses=3");

        var (exit, _, error) = await Cli.RunAsync("policy", "eval", "--policy", Write("policy.json", policy), "--request", Write("request.json", """{ "action": "use", "target": "t" }"""));

        Assert.Equal(1, exit);
        Assert.Contains("invalid request: $.party", error, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
