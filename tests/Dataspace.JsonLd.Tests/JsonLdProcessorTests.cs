using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Tests;

public sealed class JsonLdProcessorTests
{
    private const string Message = """
        { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractRequestMessage",
          "consumerPid": "urn:c", "offer": { "@type": "Offer", "@id": "urn:o", "target": "urn:t", "permission": [{ "action": "use" }] } }
        """;

    [Fact]
    public void Constructor_UnknownProcessingMode_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new JsonLdProcessor(new JsonLdOptions { ProcessingMode = "json-ld-2.0" }));

        Assert.Contains("json-ld-2.0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpandAsync_SharedProcessorUsedConcurrently_GivesTheSameResultEverywhere()
    {
        var processor = new JsonLdProcessor();
        var expected = await new JsonLdProcessor().ExpandAsync(JsonNode.Parse(Message)!);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => processor.ExpandAsync(JsonNode.Parse(Message)!))));

        Assert.All(results, r => Assert.True(JsonNode.DeepEquals(expected, r)));
    }

    [Fact]
    public async Task ExpandAsync_ProcessorsOverOneSharedRegistryConcurrently_GiveTheSameResult()
    {
        var registry = Loading.JsonLdContextRegistry.CreateDefault();
        var loader = new Loading.JsonLdDocumentLoader(registry);
        var expected = await new JsonLdProcessor().ExpandAsync(JsonNode.Parse(Message)!);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ =>
            Task.Run(() => new JsonLdProcessor(new JsonLdOptions { DocumentLoader = loader }).ExpandAsync(JsonNode.Parse(Message)!))));

        Assert.All(results, r => Assert.True(JsonNode.DeepEquals(expected, r)));
    }

    [Fact]
    public async Task CompactAsync_ExpandedDspMessage_GivesTheCanonicalForm()
    {
        var processor = new JsonLdProcessor();
        var expanded = await processor.ExpandAsync(JsonNode.Parse(Message)!);

        var compacted = await processor.CompactAsync(expanded, new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Message), compacted), compacted.ToJsonString());
    }

    [Fact]
    public async Task ExpandAsync_DoesNotMutateItsInput()
    {
        var input = JsonNode.Parse(Message)!;
        var copy = input.DeepClone();

        await new JsonLdProcessor().ExpandAsync(input);
        await new JsonLdProcessor().CompactAsync(input, new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"));
        await new JsonLdProcessor().FlattenAsync(input);

        Assert.True(JsonNode.DeepEquals(copy, input));
    }

    [Fact]
    public async Task FlattenAsync_WithContext_GivesAGraphOfCompactedNodes()
    {
        var input = JsonNode.Parse("""
            { "@context": { "@vocab": "http://example.com/" }, "@id": "http://example.com/a", "knows": { "@id": "http://example.com/b", "name": "B" } }
            """)!;

        var flattened = await new JsonLdProcessor().FlattenAsync(input, new JsonObject { ["@vocab"] = "http://example.com/" });

        var graph = Assert.IsType<JsonArray>(flattened["@graph"]);
        Assert.Equal(2, graph.Count);
        Assert.Contains(graph, n => n!["@id"]!.GetValue<string>() == "http://example.com/b" && n["name"]!.GetValue<string>() == "B");
    }
}
