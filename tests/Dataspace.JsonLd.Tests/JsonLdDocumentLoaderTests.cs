using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.JsonLd.Loading;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.JsonLd.Tests;

public sealed class JsonLdDocumentLoaderTests
{
    private const string ContextJson = """{ "@context": { "name": "http://schema.org/name" } }""";

    [Fact]
    public async Task LoadDocumentAsync_AllowListedUrl_FetchesOnceAndServesFromCache()
    {
        var handler = new CountingHandler(ContextJson);
        using var http = new HttpClient(handler);
        var time = new FakeTimeProvider();
        var loader = new JsonLdDocumentLoader(new JsonLdContextRegistry(), new RemoteContextOptions { AllowedUrlPrefixes = ["https://contexts.example/"] }, http, time);

        var first = await loader.LoadDocumentAsync(new Uri("https://contexts.example/a.jsonld"), CancellationToken.None);
        await loader.LoadDocumentAsync(new Uri("https://contexts.example/a.jsonld"), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(2));
        await loader.LoadDocumentAsync(new Uri("https://contexts.example/a.jsonld"), CancellationToken.None);

        Assert.Equal("http://schema.org/name", first.Document["@context"]!["name"]!.GetValue<string>());
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task LoadDocumentAsync_ContextLargerThanLimit_FailsWithLoadingRemoteContextFailed()
    {
        using var http = new HttpClient(new CountingHandler("{ \"@context\": { \"x\": \"" + new string('a', 5_000) + "\" } }"));
        var loader = new JsonLdDocumentLoader(new JsonLdContextRegistry(), new RemoteContextOptions { AllowedUrlPrefixes = ["https://contexts.example/"], MaxBytes = 1_000 }, http);

        var ex = await Assert.ThrowsAsync<JsonLdException>(() => loader.LoadDocumentAsync(new Uri("https://contexts.example/big.jsonld"), CancellationToken.None));

        Assert.Equal(JsonLdErrorCode.LoadingRemoteContextFailed, ex.Code);
        Assert.Contains("https://contexts.example/big.jsonld", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpandAsync_ContextAddedToRegistryByPlugin_IsUsed()
    {
        var registry = JsonLdContextRegistry.CreateDefault();
        registry.Add(new Uri("https://subspace.example/finance/v1"), """{ "@context": { "iban": "https://subspace.example/finance#iban" } }""");
        var processor = new JsonLdProcessor(new JsonLdOptions { DocumentLoader = new JsonLdDocumentLoader(registry) });

        var expanded = await processor.ExpandAsync(JsonNode.Parse("""{ "@context": "https://subspace.example/finance/v1", "iban": "DE00" }""")!);

        Assert.Equal("DE00", expanded[0]!["https://subspace.example/finance#iban"]![0]!["@value"]!.GetValue<string>());
    }

    [Fact]
    public void Add_DocumentWithoutContext_IsRejected()
    {
        var registry = new JsonLdContextRegistry();

        var ex = Assert.Throws<JsonLdException>(() => registry.Add(new Uri("https://x.example/c"), """{ "name": "x" }"""));

        Assert.Equal(JsonLdErrorCode.InvalidRemoteContext, ex.Code);
    }

    private sealed class CountingHandler(string body) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/ld+json") });
        }
    }
}
