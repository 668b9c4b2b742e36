using System.Text.Json.Nodes;
using Dataspace.JsonLd.Loading;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.JsonLd.Tests;

public sealed class JsonLdServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddJsonLd_WithPluginContext_ProcessorKnowsEmbeddedAndPluginContexts()
    {
        var services = new ServiceCollection()
            .AddJsonLdContext(new Uri("https://subspace.example/health/v1"), """{ "@context": { "patientId": "https://subspace.example/health#patientId" } }""")
            .AddJsonLd();
        using var provider = services.BuildServiceProvider();
        var processor = provider.GetRequiredService<JsonLdProcessor>();

        var expanded = await processor.ExpandAsync(JsonNode.Parse("""
            { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld", "https://subspace.example/health/v1"], "@type": "Dataset", "patientId": "p-1" }
            """)!);

        Assert.Equal("http://www.w3.org/ns/dcat#Dataset", expanded[0]!["@type"]![0]!.GetValue<string>());
        Assert.Equal("p-1", expanded[0]!["https://subspace.example/health#patientId"]![0]!["@value"]!.GetValue<string>());
        Assert.Same(processor, provider.GetRequiredService<JsonLdProcessor>());
        Assert.IsType<JsonLdDocumentLoader>(provider.GetRequiredService<IJsonLdDocumentLoader>());
    }
}
