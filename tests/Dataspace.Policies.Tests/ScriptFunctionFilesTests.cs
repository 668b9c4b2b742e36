using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Scripting;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class ScriptFunctionFilesTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("policy-functions-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void LoadDirectory_ReadsDirectivesAndTheEngineUsesTheScripts()
    {
        File.WriteAllText(Path.Combine(_temp.FullName, "fleet.js"), """
            // Fleet size from the fleet credential.
            // @leftOperand https://example.org/vocab/fleetSize
            // @scopes negotiation, dataAccess
            // @function check
            function check(ctx) { return ctx.party.claims.FleetCredential.size >= ctx.rightOperand; }
            """);
        File.WriteAllText(Path.Combine(_temp.FullName, "notes.txt"), "not a script");

        var definition = Assert.Single(ScriptFunctionFiles.LoadDirectory(_temp.FullName));

        Assert.Equal("https://example.org/vocab/fleetSize", definition.LeftOperand);
        Assert.Equal(PolicyScope.Negotiation | PolicyScope.DataAccess, definition.Scopes);
        Assert.Equal("check", definition.FunctionName);
        var policy = new PolicyEngine(new PolicyEngineOptions { Scripts = [definition] })
            .Compile(UsePolicy(Constraint(definition.LeftOperand, ConstraintOperator.Gteq, Number(10))));
        Assert.Equal(PolicyDecision.Permit, policy.Decide(Request(claims: """{"FleetCredential":{"size":10}}""")));
        Assert.Equal(PolicyDecision.Deny, policy.Decide(Request(claims: """{"FleetCredential":{"size":9}}""")));
        Assert.Equal(PolicyDecision.Permit, policy.Decide(Request(scope: PolicyScope.Catalog, claims: """{"FleetCredential":{"size":9}}""")));
    }

    [Theory]
    [InlineData("function evaluate(ctx) { return true; }", "has no '// @leftOperand <IRI>' line")]
    [InlineData("// @leftOperand fleetSize\nfunction evaluate(ctx) { return true; }", "f.js:1: '// @leftOperand fleetSize' is not a valid directive")]
    [InlineData("// @leftOperand https://e.org/x\n// @scopes everywhere\nfunction evaluate(ctx) { return true; }", "f.js:2: 'everywhere' is not a scope")]
    [InlineData("// @leftOperand https://e.org/x\n// @timeout 5s\nfunction evaluate(ctx) { return true; }", "f.js:2: '// @timeout 5s' is not a valid directive")]
    public void MalformedDirectives_AreRejectedWithFileAndLine(string source, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ScriptFunctionFiles.Parse(source, "f.js"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
