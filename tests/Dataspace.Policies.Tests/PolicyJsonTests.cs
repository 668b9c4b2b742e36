using System.Text.Json.Nodes;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class PolicyJsonTests
{
    [Fact]
    public void ReadRequest_WithState_BuildsTheRequest()
    {
        var request = JsonNode.Parse("""
            {
              "scope": "transferStart",
              "party": { "id": "did:web:consumer.example", "claims": { "MembershipCredential": { "level": "gold" } }, "collections": ["urn:members"] },
              "action": "use", "target": "urn:asset:weather", "time": "2026-06-01T12:00:00Z",
              "purpose": "Research", "location": "DE", "usageCount": 1
            }
            """)!;
        var state = JsonNode.Parse("""
            { "usageCount": 4, "payments": [{ "amount": 5, "currency": "EUR" }], "dutyStates": { "anonymize": "fulfilled", "urn:duty:x": "violated" },
              "deliveredAt": "2026-05-01T00:00:00Z" }
            """);

        var parsed = PolicyJson.ReadRequest(request, state, DateTimeOffset.UnixEpoch);

        Assert.Equal(PolicyScope.TransferStart, parsed.Scope);
        Assert.Equal("gold", parsed.Party.Claims["MembershipCredential"].GetProperty("level").GetString());
        Assert.Equal(["urn:members"], parsed.Party.Collections);
        Assert.Equal(Now, parsed.Time);
        Assert.Equal(4, parsed.UsageCount);
        Assert.Equal(new Payment(5, "EUR"), Assert.Single(parsed.Payments));
        Assert.Equal(DutyState.Fulfilled, parsed.DutyStates[Odrl.Anonymize]);
        Assert.Equal(DutyState.Violated, parsed.DutyStates["urn:duty:x"]);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), parsed.DeliveredAt);
    }

    [Theory]
    [InlineData("""{ "action": "use", "target": "t" }""", "$.party")]
    [InlineData("""{ "party": {}, "action": "use", "target": "t" }""", "$.party.id")]
    [InlineData("""{ "party": { "id": "d" }, "target": "t" }""", "$.action")]
    [InlineData("""{ "party": { "id": "d" }, "action": "use", "target": "t", "scope": "everywhere" }""", "$.scope")]
    [InlineData("""{ "party": { "id": "d" }, "action": "use", "target": "t", "time": "noon" }""", "$.time")]
    [InlineData("""{ "party": { "id": "d" }, "action": "use", "target": "t", "usageCount": "many" }""", "$.usageCount")]
    public void ReadRequest_Malformed_NamesThePath(string json, string path)
    {
        var ex = Assert.Throws<InvalidDataException>(() => PolicyJson.ReadRequest(JsonNode.Parse(json)!, null, Now));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WritesDecisionReasonAndReportInCamelCase()
    {
        var policy = UsePolicy(Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research")));
        var evaluation = Compile(policy).Evaluate(Request(purpose: "Marketing"));

        var json = JsonNode.Parse(PolicyJson.Serialize(evaluation))!;

        Assert.Equal("deny", json["decision"]!.GetValue<string>());
        Assert.StartsWith("Denied: permission $.permission[0] (odrl:use) is not active: odrl:purpose is 'Marketing'", json["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var rule = json["report"]!["rules"]![0]!;
        Assert.Equal("permission", rule["kind"]!.GetValue<string>());
        Assert.Equal("inactive", rule["state"]!.GetValue<string>());
        Assert.Equal("dataAccess", json["report"]!["scope"]!.GetValue<string>());
        Assert.Equal("invalid", json["report"]!["conflict"]!.GetValue<string>());
        var constraint = rule["constraints"]![0]!;
        Assert.Equal(Odrl.Purpose, constraint["leftOperand"]!.GetValue<string>());
        Assert.Equal("Marketing", constraint["observed"]!.GetValue<string>());
        Assert.Equal("notSatisfied", constraint["state"]!.GetValue<string>());
        Assert.Equal(evaluation.Decision.ToString().ToLowerInvariant(), PolicyJson.ToNode(evaluation)["decision"]!.GetValue<string>());
    }
}
