using System.Text;
using System.Text.Json.Nodes;
using Dataspace.JsonLd.Loading;

namespace Dataspace.JsonLd.Tests;

public sealed class HostileInputTests
{
    [Fact]
    public void Parse_InvalidJson_FailsWithLoadingDocumentFailed()
    {
        var ex = Assert.Throws<JsonLdException>(() => JsonLdDocument.Parse("{ \"@id\": "u8));

        Assert.Equal(JsonLdErrorCode.LoadingDocumentFailed, ex.Code);
    }

    [Fact]
    public void Parse_NestingDeeperThanLimit_FailsWithMaxDepthExceeded()
    {
        var json = Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000));

        var ex = Assert.Throws<JsonLdException>(() => JsonLdDocument.Parse(json));

        Assert.Equal(JsonLdErrorCode.MaxDepthExceeded, ex.Code);
    }

    [Fact]
    public async Task ParseAsync_DocumentLargerThanLimit_FailsWithMaxSizeExceeded()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat("1", 10_000)) + "]"));

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => JsonLdDocument.ParseAsync(stream, new JsonLdOptions { MaxDocumentBytes = 1000 }));

        Assert.Equal(JsonLdErrorCode.MaxSizeExceeded, ex.Code);
    }

    [Fact]
    public async Task ExpandAsync_DeeplyNestedNodeBuiltInMemory_FailsWithMaxDepthExceeded()
    {
        var root = new JsonObject { ["@context"] = new JsonObject { ["@vocab"] = "http://example.com/" } };
        var current = root;
        for (var i = 0; i < 5_000; i++)
        {
            var child = new JsonObject();
            current["p"] = child;
            current = child;
        }

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => new JsonLdProcessor().ExpandAsync(root));

        Assert.Equal(JsonLdErrorCode.MaxDepthExceeded, ex.Code);
    }

    [Fact]
    public async Task ExpandAsync_DeeplyNestedScopedContextsBuiltInMemory_FailsWithMaxDepthExceeded()
    {
        var context = new JsonObject { ["@vocab"] = "http://example.com/" };
        var current = context;
        for (var i = 0; i < 5_000; i++)
        {
            var inner = new JsonObject();
            current["t"] = new JsonObject { ["@id"] = "http://example.com/t", ["@context"] = inner };
            current = inner;
        }

        var input = new JsonObject { ["@context"] = context, ["t"] = "x" };

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => new JsonLdProcessor().ExpandAsync(input));

        Assert.Equal(JsonLdErrorCode.MaxDepthExceeded, ex.Code);
    }

    [Fact]
    public async Task ExpandAsync_MoreValuesThanLimit_FailsWithMaxSizeExceeded()
    {
        var values = new JsonArray();
        for (var i = 0; i < 5_000; i++)
        {
            values.Add(i);
        }

        var input = new JsonObject { ["@context"] = new JsonObject { ["@vocab"] = "http://example.com/" }, ["p"] = values };

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => new JsonLdProcessor(new JsonLdOptions { MaxNodes = 1_000 }).ExpandAsync(input));

        Assert.Equal(JsonLdErrorCode.MaxSizeExceeded, ex.Code);
    }

    [Fact]
    public async Task ExpandAsync_ContextCycle_FailsWithContextOverflow()
    {
        var registry = new JsonLdContextRegistry();
        registry.Add(new Uri("https://example.com/a"), """{ "@context": ["https://example.com/b", { "x": "http://example.com/x" }] }""");
        registry.Add(new Uri("https://example.com/b"), """{ "@context": "https://example.com/a" }""");
        var processor = new JsonLdProcessor(new JsonLdOptions { DocumentLoader = new JsonLdDocumentLoader(registry) });

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => processor.ExpandAsync(JsonNode.Parse("""{ "@context": "https://example.com/a", "x": 1 }""")!));

        Assert.Equal(JsonLdErrorCode.ContextOverflow, ex.Code);
    }

    [Fact]
    public async Task ExpandAsync_Cancelled_StopsWithOperationCanceled()
    {
        var values = new JsonArray();
        for (var i = 0; i < 50_000; i++)
        {
            values.Add(new JsonObject { ["v"] = i });
        }

        var input = new JsonObject { ["@context"] = new JsonObject { ["@vocab"] = "http://example.com/" }, ["p"] = values };
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new JsonLdProcessor().ExpandAsync(input, cts.Token));
    }

    [Fact]
    public async Task ExpandAsync_RemoteContextNotAllowListed_FailsWithoutNetworkAccess()
    {
        using var http = new HttpClient(new FailingHandler());
        var loader = new JsonLdDocumentLoader(new JsonLdContextRegistry(), new RemoteContextOptions { AllowedUrlPrefixes = ["https://allowed.example/"] }, http);
        var processor = new JsonLdProcessor(new JsonLdOptions { DocumentLoader = loader });

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => processor.ExpandAsync(JsonNode.Parse("""{ "@context": "https://other.example/ctx", "x": 1 }""")!));

        Assert.Equal(JsonLdErrorCode.LoadingRemoteContextFailed, ex.Code);
        Assert.Contains("https://other.example/ctx", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Fails the test if the loader ever reaches the network for a URL that is not allow-listed.</summary>
    private sealed class FailingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Unexpected network access to {request.RequestUri}.");
    }
}
