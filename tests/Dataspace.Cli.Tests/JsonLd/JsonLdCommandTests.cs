using System.Text.Json.Nodes;

namespace Dataspace.Cli.Tests.JsonLd;

public sealed class JsonLdCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-jsonld-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Expand_DspMessage_PrintsExpandedIris()
    {
        var file = Write("message.json", """
            { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", "providerPid": "urn:p", "consumerPid": "urn:c" }
            """);

        var (exit, output, error) = await Cli.RunAsync("jsonld", "expand", file);

        Assert.True(exit == 0, error);
        var node = Assert.IsType<JsonObject>(Assert.Single(JsonNode.Parse(output)!.AsArray()));
        Assert.Equal("https://w3id.org/dspace/2025/1/TransferCompletionMessage", node["@type"]![0]!.GetValue<string>());
        Assert.Equal("urn:p", node["https://w3id.org/dspace/2025/1/providerPid"]![0]!["@id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Compact_ExpandedDocumentWithDspContextUrl_PrintsCanonicalTerms()
    {
        var file = Write("expanded.json", """
            [{ "@type": ["https://w3id.org/dspace/2025/1/TransferCompletionMessage"],
               "https://w3id.org/dspace/2025/1/providerPid": [{ "@id": "urn:p" }],
               "https://w3id.org/dspace/2025/1/consumerPid": [{ "@id": "urn:c" }] }]
            """);

        var (exit, output, error) = await Cli.RunAsync("jsonld", "compact", file, "--context", "https://w3id.org/dspace/2025/1/context.jsonld");

        Assert.True(exit == 0, error);
        var node = JsonNode.Parse(output)!;
        Assert.Equal("TransferCompletionMessage", node["@type"]!.GetValue<string>());
        Assert.Equal("urn:p", node["providerPid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Flatten_NestedNodes_PrintsOneNodePerId()
    {
        var file = Write("nested.json", """
            { "@context": { "@vocab": "http://example.com/" }, "@id": "http://example.com/a", "knows": { "@id": "http://example.com/b", "name": "B" } }
            """);

        var (exit, output, error) = await Cli.RunAsync("jsonld", "flatten", file);

        Assert.True(exit == 0, error);
        Assert.Equal(2, JsonNode.Parse(output)!.AsArray().Count);
    }

    [Fact]
    public async Task Expand_UnknownRemoteContext_PrintsErrorCodeAndExitsNonZero()
    {
        var file = Write("remote.json", """{ "@context": "https://example.com/unknown-context.jsonld", "name": "x" }""");

        var (exit, _, error) = await Cli.RunAsync("jsonld", "expand", file);

        Assert.NotEqual(0, exit);
        Assert.StartsWith("error: loading remote context failed", error.Trim(), StringComparison.Ordinal);
        Assert.Contains("https://example.com/unknown-context.jsonld", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expand_InvalidJson_PrintsLoadingDocumentFailed()
    {
        var file = Write("broken.json", """{ "@id": """);

        var (exit, _, error) = await Cli.RunAsync("jsonld", "expand", file);

        Assert.NotEqual(0, exit);
        Assert.StartsWith("error: loading document failed", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compact_WithoutContext_IsAUsageError()
    {
        var file = Write("doc.json", "{}");

        var (exit, _, error) = await Cli.RunAsync("jsonld", "compact", file);

        Assert.Equal(2, exit);
        Assert.Contains("--context", error, StringComparison.Ordinal);
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, json);
        return path;
    }
}
