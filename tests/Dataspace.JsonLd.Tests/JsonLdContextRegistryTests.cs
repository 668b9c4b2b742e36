using System.Text.Json.Nodes;
using Dataspace.JsonLd.Loading;

namespace Dataspace.JsonLd.Tests;

/// <summary>The contexts of EDC-based peers ship in the registry and work beside the DSP context, without network access.</summary>
public sealed class JsonLdContextRegistryTests
{
    [Theory]
    [InlineData(JsonLdContextRegistry.EdcDspace, "QuerySpec", "https://w3id.org/edc/v0.0.1/ns/QuerySpec")]
    [InlineData(JsonLdContextRegistry.TractusXAuth, "refreshToken", "https://w3id.org/tractusx/auth/refreshToken")]
    [InlineData(JsonLdContextRegistry.CatenaXPolicy2025, "BusinessPartnerNumber", "https://w3id.org/catenax/2025/9/policy/BusinessPartnerNumber")]
    public async Task Default_PeerContext_ExpandsItsTermsBesideTheDspContext(string url, string term, string iri)
    {
        Assert.Contains(url, JsonLdContextRegistry.CreateDefault().Urls);
        var processor = new JsonLdProcessor();

        var expanded = await processor.ExpandAsync(JsonNode.Parse($$"""
            { "@type": "{{term}}", "@context": ["{{JsonLdContextRegistry.Dsp2025}}", "{{url}}"] }
            """)!);

        Assert.Equal(iri, expanded[0]!["@type"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Add_ReplacesAShippedContext()
    {
        var registry = JsonLdContextRegistry.CreateDefault();

        registry.Add(new Uri(JsonLdContextRegistry.EdcDspace), """{ "@context": { "QuerySpec": "https://replaced.example/QuerySpec" } }""");

        Assert.True(registry.TryGet(new Uri(JsonLdContextRegistry.EdcDspace), out var document));
        Assert.Equal("https://replaced.example/QuerySpec", document["@context"]!["QuerySpec"]!.GetValue<string>());
    }
}
