using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Parsing;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Tests;

/// <summary>Issue 12: a policy can require who issued a verified credential (<c>issuer:CredentialType</c>).</summary>
public sealed class IssuerOperandTests
{
    private const string CityAuthority = "did:web:authority.city.example";
    private const string RogueAuthority = "did:web:authority.elsewhere.example";

    [Theory]
    [InlineData(CityAuthority, PolicyDecision.Permit)]
    [InlineData(RogueAuthority, PolicyDecision.Deny)]
    [InlineData(null, PolicyDecision.Deny)]
    public async Task IssuerOperand_FromOdrlJson_PermitsOnlyTheRequiredIssuer(string? issuer, PolicyDecision expected)
    {
        var policy = await CompileAsync(Constraint("issuer:MembershipCredential", "eq", JsonValue.Create(CityAuthority)));

        var decision = policy.Decide(Request(issuer));

        Assert.Equal(expected, decision);
        if (expected == PolicyDecision.Deny)
        {
            var evaluation = policy.Evaluate(Request(issuer));
            Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        }
    }

    [Fact]
    public async Task IssuerOperand_IsAnyOf_AcceptsASetOfAuthorities()
    {
        var policy = await CompileAsync(Constraint("issuer:MembershipCredential", "isAnyOf", new JsonArray(CityAuthority, "did:web:authority.harbour.example")));

        Assert.Equal(PolicyDecision.Permit, policy.Decide(Request(CityAuthority)));
        Assert.Equal(PolicyDecision.Deny, policy.Decide(Request(RogueAuthority)));
    }

    [Fact]
    public async Task IssuerOperand_IsNotReadFromTheSubjectsClaims()
    {
        // A credential subject that claims an "issuer" of its own does not satisfy the operand: only the verified issuer does.
        var policy = await CompileAsync(Constraint("issuer:MembershipCredential", "eq", JsonValue.Create(CityAuthority)));
        var request = Request(RogueAuthority, $$$"""{"MembershipCredential":{"dataspace":"city","issuer":"{{{CityAuthority}}}"}}""");

        Assert.Equal(PolicyDecision.Deny, policy.Decide(request));
    }

    [Theory]
    [InlineData("issuer:")]
    [InlineData("issuer:MembershipCredential.level")]
    public async Task IssuerOperand_WithoutOneCredentialType_IsInvalid(string operand)
    {
        var error = await Assert.ThrowsAsync<PolicyValidationException>(() => CompileAsync(Constraint(operand, "eq", JsonValue.Create(CityAuthority))));

        Assert.Contains("must name one credential type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyJson_ReadsTheIssuers_ForTheCommandLineEvaluator()
    {
        var request = PolicyJson.ReadRequest(JsonNode.Parse($$$"""{"scope":"catalog","party":{"id":"did:web:c.example","issuers":{"MembershipCredential":"{{{CityAuthority}}}"}},"action":"use","target":"a"}""")!, null, TestData.Now);

        Assert.Equal(CityAuthority, request.Party.Issuers["MembershipCredential"]);
    }

    private static JsonObject Constraint(string leftOperand, string op, JsonNode? right) => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["uid"] = "urn:policy:issuer",
        ["permission"] = new JsonArray(new JsonObject
        {
            ["target"] = TestData.Asset,
            ["action"] = "use",
            ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = leftOperand, ["operator"] = op, ["rightOperand"] = right }),
        }),
    };

    private static async Task<CompiledPolicy> CompileAsync(JsonObject json) =>
        new PolicyEngine().Compile(await new PolicyDocumentReader().ReadAsync(json, CancellationToken.None));

    private static PolicyRequest Request(string? issuer, string claims = """{"MembershipCredential":{"dataspace":"city"}}""") => new()
    {
        Scope = PolicyScope.Negotiation,
        Party = new RequestingParty(TestData.Consumer)
        {
            Claims = issuer is null ? new Dictionary<string, JsonElement>() : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(claims)!,
            Issuers = issuer is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["MembershipCredential"] = issuer },
        },
        Action = "http://www.w3.org/ns/odrl/2/use",
        Target = TestData.Asset,
        Time = TestData.Now,
    };
}
