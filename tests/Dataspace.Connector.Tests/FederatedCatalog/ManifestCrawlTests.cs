using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Tests.FederatedCatalog;

/// <summary>Crawling by dataset digest manifest: only what changed is fetched, deletions leave, other providers are crawled whole, liars are not believed.</summary>
public sealed class ManifestCrawlTests
{
    private const string ProviderDid = "did:web:provider.example";
    private const string PlainDid = "did:web:plain.example";
    private const string LiarDid = "did:web:liar.example";

    [Fact]
    public async Task Recrawl_OurProvider_FetchesOnlyNewAndChangedDatasets_AndRemovesDeletedOnes()
    {
        var requests = new ConcurrentQueue<string>();
        await using var pair = await ConnectorPair.StartAsync(
            providerSettings: new Dictionary<string, string?> { ["Connector:Catalog:ManifestPageSize"] = "2", ["Connector:Catalog:PageSize"] = "2" },
            consumerSettings: new Dictionary<string, string?> { ["Connector:FederatedCatalog:MembersFile"] = "members.json" },
            configure: app => app.Use(async (context, next) =>
            {
                if (context.Request.Path.Value?.Contains("/catalog/", StringComparison.Ordinal) == true)
                {
                    context.Request.EnableBuffering();
                    using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
                    var body = await reader.ReadToEndAsync(context.RequestAborted);
                    context.Request.Body.Position = 0;
                    requests.Enqueue(body.Contains(DatasetManifest.RequestType, StringComparison.Ordinal) ? "manifest" : $"{context.Request.Method} {context.Request.Path}");
                }

                await next(context);
            }));
        foreach (var id in new[] { "d1", "d2", "d3", "d4", "d5" })
        {
            await PublishAsync(pair, id, "Weather " + id, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        }

        await PublishAsync(pair, "hidden", "Weather hidden", ConnectorPair.ClaimPolicy("MembershipCredential", "level", "gold"), ConnectorPair.OpenPolicy());
        await File.WriteAllTextAsync(Path.Combine(pair.ConsumerData, "members.json"), JsonSerializer.Serialize(new[] { new { did = ProviderDid, name = "Provider", dspEndpoint = pair.ProviderDsp, subspaces = Array.Empty<string>() } }));

        // First crawl: the manifest (3 pages of 2), then the catalog whole (3 pages), recorded with the manifest's digests.
        var report = await CrawlAsync(pair);
        Assert.Equal(1, report["changed"]!.GetValue<int>());
        Assert.Equal(["d1", "d2", "d3", "d4", "d5"], await IdsAsync(pair));
        Assert.Equal(["manifest", "manifest", "manifest", "POST /api/dsp/catalog/request", "POST /api/dsp/catalog/request", "POST /api/dsp/catalog/request"], Drain(requests));

        // Nothing changed: the manifest alone.
        report = await CrawlAsync(pair);
        Assert.Equal(1, report["unchanged"]!.GetValue<int>());
        Assert.Equal(["manifest", "manifest", "manifest"], Drain(requests));

        // A new dataset, one deleted, one whose offer now has another contract policy: those two fetched, nothing else.
        await PublishAsync(pair, "d7", "Weather d7", ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        await pair.Provider.ManagementAsync(HttpMethod.Delete, "/offers/d2-offer");
        await pair.Provider.ManagementAsync(HttpMethod.Delete, "/offers/d3-offer");
        await pair.ProviderPostAsync("/policies", new { id = "d3-contract-2", policy = ConnectorPair.ClaimPolicy("MembershipCredential", "level", "silver") });
        await pair.ProviderPostAsync("/offers", new { id = "d3-offer-2", assetId = "d3", accessPolicyId = "d3-access", contractPolicyId = "d3-contract-2" });
        report = await CrawlAsync(pair);
        Assert.Equal(1, report["changed"]!.GetValue<int>());
        var seen = Drain(requests);
        Assert.Equal(3, seen.Count(r => r == "manifest"));
        Assert.Equal(["GET /api/dsp/catalog/datasets/d3", "GET /api/dsp/catalog/datasets/d7"], seen.Where(r => r != "manifest").Order(StringComparer.Ordinal));
        Assert.Equal(["d1", "d3", "d4", "d5", "d7"], await IdsAsync(pair));
        var d3 = (await SearchAsync(pair, "q=d3"))["items"]!.AsArray().Single()!;
        Assert.Equal("d3-offer-2", d3["offers"]![0]!["id"]!.GetValue<string>());
        Assert.Contains("constraint:claim:MembershipCredential.level", d3["policyFeatures"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(5, (await MemberAsync(pair, ProviderDid))["datasets"]!.GetValue<int>());

        // And unchanged again after that.
        report = await CrawlAsync(pair);
        Assert.Equal(1, report["unchanged"]!.GetValue<int>());
        Assert.Equal(["manifest", "manifest", "manifest"], Drain(requests));
    }

    [Fact]
    public async Task Crawl_ProviderIgnoringTheFilter_IsCrawledWhole_ReusingItsFirstPage()
    {
        await using var pair = await ConnectorPair.StartAsync(providerSettings: null, consumerSettings: new Dictionary<string, string?> { ["Connector:FederatedCatalog:MembersFile"] = "members.json" });
        await using var plain = await MinimalDspCatalogServer.StartAsync(PlainDid, datasets: 25, pageSize: 10, title: "Plain");
        await File.WriteAllTextAsync(Path.Combine(pair.ConsumerData, "members.json"), JsonSerializer.Serialize(new[] { new { did = PlainDid, name = "Plain", dspEndpoint = plain.Dsp, subspaces = Array.Empty<string>() } }));

        var report = await CrawlAsync(pair);
        Assert.Equal(1, report["changed"]!.GetValue<int>());
        Assert.Equal(25, (await MemberAsync(pair, PlainDid))["datasets"]!.GetValue<int>());
        Assert.Equal(3, plain.Requests);

        report = await CrawlAsync(pair);
        Assert.Equal(1, report["unchanged"]!.GetValue<int>());
        Assert.Equal(6, plain.Requests);
    }

    [Fact]
    public async Task Recrawl_LyingManifest_SkipsTheMemberWithTheReason_AndKeepsItsPart()
    {
        await using var pair = await ConnectorPair.StartAsync(providerSettings: null, consumerSettings: new Dictionary<string, string?>
        {
            ["Connector:FederatedCatalog:MembersFile"] = "members.json",
            ["Connector:FederatedCatalog:InitialBackoff"] = "00:00:00",
            ["Connector:FederatedCatalog:MaxBackoff"] = "00:00:00",
        });
        await using var liar = await LyingProvider.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(pair.ConsumerData, "members.json"), JsonSerializer.Serialize(new[] { new { did = LiarDid, name = "Liar", dspEndpoint = liar.Dsp, subspaces = Array.Empty<string>() } }));

        liar.Titles["x1"] = "Honest one";
        liar.Titles["x2"] = "Honest two";
        var report = await CrawlAsync(pair);
        Assert.Equal(1, report["changed"]!.GetValue<int>());
        Assert.Equal(["x1", "x2"], await IdsAsync(pair, LiarDid));

        // x2 changes but the manifest announces a digest its body does not have.
        liar.Titles["x2"] = "Changed two";
        liar.WrongDigest = "x2";
        await AssertFailsAsync(pair, "has the digest");

        // The manifest lists a dataset it does not serve.
        liar.WrongDigest = null;
        liar.Unserved = "x9";
        await AssertFailsAsync(pair, "lists the dataset 'x9'");

        // The same dataset twice.
        liar.Unserved = null;
        liar.Duplicate = true;
        await AssertFailsAsync(pair, "twice");

        // Honest again: the change arrives.
        liar.Duplicate = false;
        report = await CrawlAsync(pair);
        Assert.Equal(1, report["changed"]!.GetValue<int>());
        Assert.Single((await SearchAsync(pair, "q=changed"))["items"]!.AsArray());
    }

    private static async Task AssertFailsAsync(ConnectorPair pair, string reason)
    {
        var report = await CrawlAsync(pair);
        var failed = Assert.Single(report["failed"]!.AsArray())!;
        Assert.Contains(reason, failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["x1", "x2"], await IdsAsync(pair, LiarDid));
        Assert.Single((await SearchAsync(pair, "q=honest%20two"))["items"]!.AsArray());
    }

    private static List<string> Drain(ConcurrentQueue<string> queue)
    {
        var result = new List<string>();
        while (queue.TryDequeue(out var item))
        {
            result.Add(item);
        }

        return result;
    }

    private static async Task PublishAsync(ConnectorPair pair, string id, string title, JsonObject access, JsonObject contract)
    {
        await pair.ProviderPostAsync("/assets", new { id, properties = new { title }, dataAddress = new { type = "FileSystem", properties = new { path = id + ".bin" } } });
        await pair.ProviderPostAsync("/policies", new { id = id + "-access", policy = access });
        await pair.ProviderPostAsync("/policies", new { id = id + "-contract", policy = contract });
        await pair.ProviderPostAsync("/offers", new { id = id + "-offer", assetId = id, accessPolicyId = id + "-access", contractPolicyId = id + "-contract" });
    }

    private static Task<JsonNode> CrawlAsync(ConnectorPair pair) => pair.ConsumerPostAsync("/federated-catalog/crawl", new { });

    private static Task<JsonNode> SearchAsync(ConnectorPair pair, string query) => pair.ConsumerGetAsync("/federated-catalog/search?" + query);

    private static async Task<List<string>> IdsAsync(ConnectorPair pair, string provider = ProviderDid) =>
        [.. (await SearchAsync(pair, $"provider={Uri.EscapeDataString(provider)}&limit=100"))["items"]!.AsArray().Select(i => i!["datasetId"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static async Task<JsonNode> MemberAsync(ConnectorPair pair, string did) =>
        (await pair.ConsumerGetAsync("/federated-catalog/members"))["members"]!.AsArray().Single(m => m!["did"]!.GetValue<string>() == did)!;

    /// <summary>A provider offering the manifest that can be made to lie in it.</summary>
    private sealed class LyingProvider : IAsyncDisposable
    {
        private readonly LoopbackServer _server;

        private LyingProvider(LoopbackServer server) => _server = server;

        public ConcurrentDictionary<string, string> Titles { get; } = new(StringComparer.Ordinal);

        public string? WrongDigest { get; set; }

        public string? Unserved { get; set; }

        public bool Duplicate { get; set; }

        public string Dsp => _server.Url("/api/dsp");

        public static async Task<LyingProvider> StartAsync()
        {
            LyingProvider? self = null;
            var server = await LoopbackServer.StartAsync(app =>
            {
                app.MapPost("/api/dsp/catalog/request", async (HttpContext http) =>
                {
                    using var reader = new StreamReader(http.Request.Body);
                    var request = await reader.ReadToEndAsync(http.RequestAborted);
                    return self!.Catalog(request.Contains(DatasetManifest.RequestType, StringComparison.Ordinal));
                });
                app.MapGet("/api/dsp/catalog/datasets/{id}", (string id) =>
                    self!.Titles.ContainsKey(id) ? Results.Bytes(self.Body(id), "application/json") : Results.NotFound());
            });
            self = new LyingProvider(server);
            return self;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();

        private IResult Catalog(bool manifest)
        {
            var ids = Titles.Keys.Order(StringComparer.Ordinal).ToList();
            if (!manifest)
            {
                var catalog = new JsonObject
                {
                    ["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"),
                    ["@id"] = "urn:catalog:liar",
                    ["@type"] = "Catalog",
                    ["participantId"] = LiarDid,
                    ["dataset"] = new JsonArray([.. ids.Select(id => (JsonNode)Dataset(id, context: false))]),
                };
                return Results.Text(catalog.ToJsonString(), "application/json");
            }

            var entries = ids.Select(id => new DatasetDigest(id, id == WrongDigest ? new string('0', 64) : DatasetManifest.Digest(Body(id)))).ToList();
            if (Unserved is not null)
            {
                entries.Add(new DatasetDigest(Unserved, new string('1', 64)));
            }

            if (Duplicate)
            {
                entries.Add(entries[0]);
            }

            return Results.Bytes(DatasetManifest.Write("urn:catalog:liar", LiarDid, entries), "application/json");
        }

        private byte[] Body(string id) => Encoding.UTF8.GetBytes(Dataset(id, context: true).ToJsonString());

        private JsonObject Dataset(string id, bool context)
        {
            var dataset = new JsonObject();
            if (context)
            {
                dataset["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld");
            }

            dataset["@id"] = id;
            dataset["@type"] = "Dataset";
            dataset["hasPolicy"] = new JsonArray(new JsonObject { ["@id"] = id + "-offer", ["@type"] = "Offer", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) });
            dataset["distribution"] = new JsonArray(new JsonObject { ["@type"] = "Distribution", ["format"] = "HttpData-PULL", ["accessService"] = "urn:service" });
            dataset["dct:title"] = Titles[id] + " " + id.ToString(CultureInfo.InvariantCulture);
            return dataset;
        }
    }
}
