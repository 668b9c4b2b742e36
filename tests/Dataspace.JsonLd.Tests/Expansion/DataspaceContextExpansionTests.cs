using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Tests.Expansion;

public sealed class DataspaceContextExpansionTests
{
    private const string Odrl = "http://www.w3.org/ns/odrl/2/";
    private const string Dspace = "https://w3id.org/dspace/2025/1/";

    [Fact]
    public async Task ExpandAsync_DspContractRequest_ExpandsTermsTypesAndPolicy()
    {
        var input = JsonNode.Parse("""
            {
              "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"],
              "@type": "ContractRequestMessage",
              "providerPid": "urn:uuid:a343fcbf",
              "consumerPid": "urn:uuid:32541fe6",
              "offer": {
                "@type": "Offer",
                "@id": "urn:uuid:d526561f",
                "target": "urn:uuid:3dd1add8",
                "permission": [{ "action": "use", "constraint": [{ "leftOperand": "dateTime", "operator": "lteq", "rightOperand": "2023-12-31T06:00Z" }] }]
              },
              "callbackAddress": "https://example.com/callback"
            }
            """)!;

        var expanded = await new JsonLdProcessor().ExpandAsync(input);

        var message = Assert.IsType<JsonObject>(Assert.Single(expanded));
        Assert.Equal(Dspace + "ContractRequestMessage", message["@type"]![0]!.GetValue<string>());
        Assert.Equal("urn:uuid:a343fcbf", message[Dspace + "providerPid"]![0]!["@id"]!.GetValue<string>());
        Assert.Equal("https://example.com/callback", message[Dspace + "callbackAddress"]![0]!["@value"]!.GetValue<string>());
        var offer = message[Dspace + "offer"]![0]!;
        Assert.Equal(Odrl + "Offer", offer["@type"]![0]!.GetValue<string>());
        Assert.Equal("urn:uuid:d526561f", offer["@id"]!.GetValue<string>());
        Assert.Equal("urn:uuid:3dd1add8", offer[Odrl + "target"]![0]!["@id"]!.GetValue<string>());
        var permission = offer[Odrl + "permission"]![0]!;
        Assert.Equal(Odrl + "use", permission[Odrl + "action"]![0]!["@id"]!.GetValue<string>());
        var constraint = permission[Odrl + "constraint"]![0]!;
        // The DSP ODRL profile defines no "dateTime" term and no @vocab, so the left operand stays a relative IRI.
        Assert.Equal("dateTime", constraint[Odrl + "leftOperand"]![0]!["@id"]!.GetValue<string>());
        Assert.Equal(Odrl + "lteq", constraint[Odrl + "operator"]![0]!["@id"]!.GetValue<string>());
        Assert.Equal("2023-12-31T06:00Z", constraint[Odrl + "rightOperand"]![0]!["@value"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpandAsync_PolicyWithOdrlContext_ExpandsOdrlTerms()
    {
        var input = JsonNode.Parse("""
            {
              "@context": "http://www.w3.org/ns/odrl.jsonld",
              "@type": "Set",
              "uid": "http://example.com/policy:1010",
              "permission": [{ "target": "http://example.com/asset:9898", "action": "use",
                "constraint": [{ "leftOperand": "purpose", "operator": "eq", "rightOperand": "research" }] }],
              "prohibition": [{ "target": "http://example.com/asset:9898", "action": "distribute" }]
            }
            """)!;

        var expanded = await new JsonLdProcessor().ExpandAsync(input);

        var policy = Assert.IsType<JsonObject>(Assert.Single(expanded));
        Assert.Equal(Odrl + "Set", policy["@type"]![0]!.GetValue<string>());
        Assert.Equal("http://example.com/policy:1010", policy["@id"]!.GetValue<string>());
        var permission = policy[Odrl + "permission"]![0]!;
        Assert.Equal("http://example.com/asset:9898", permission[Odrl + "target"]![0]!["@id"]!.GetValue<string>());
        Assert.Equal(Odrl + "use", permission[Odrl + "action"]![0]!["@id"]!.GetValue<string>());
        Assert.Equal(Odrl + "purpose", permission[Odrl + "constraint"]![0]![Odrl + "leftOperand"]![0]!["@id"]!.GetValue<string>());
        Assert.Equal(Odrl + "distribute", policy[Odrl + "prohibition"]![0]![Odrl + "action"]![0]!["@id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpandAsync_UnknownRemoteContext_FailsWithLoadingRemoteContextFailedNamingUrl()
    {
        var input = JsonNode.Parse("""{ "@context": "https://example.com/unknown.jsonld", "name": "x" }""")!;

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => new JsonLdProcessor().ExpandAsync(input));

        Assert.Equal("loading remote context failed", ex.Code);
        Assert.Contains("https://example.com/unknown.jsonld", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpandAsync_ProtectedDspTermRedefined_FailsWithProtectedTermRedefinition()
    {
        var input = JsonNode.Parse("""
            { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld", { "dct": "http://example.com/other/" }], "@type": "CatalogRequestMessage" }
            """)!;

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => new JsonLdProcessor().ExpandAsync(input));

        Assert.Equal("protected term redefinition", ex.Code);
    }

    [Theory]
    [InlineData("https://www.w3.org/2018/credentials/v1")]
    [InlineData("https://www.w3.org/ns/credentials/v2")]
    [InlineData("https://www.w3.org/ns/did/v1")]
    public async Task ExpandAsync_EmbeddedW3cContexts_LoadWithoutNetwork(string context)
    {
        var input = new JsonObject { ["@context"] = context, ["id"] = "did:example:123", ["type"] = "VerifiableCredential" };

        var expanded = await new JsonLdProcessor().ExpandAsync(input);

        Assert.Equal("did:example:123", expanded[0]!["@id"]!.GetValue<string>());
    }
}
