using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.FederatedCatalog;

/// <summary>The federated catalog end to end: a consumer connector crawls real and minimal members on loopback and searches them.</summary>
public sealed class FederatedCatalogTests
{
    private const string ProviderDid = "did:web:provider.example";
    private const string HugeDid = "did:web:huge.example";
    private const string SilentDid = "did:web:silent.example";

    [Fact]
    public async Task Crawl_IndexesEachMembersViewForUs_CutsOffHuge_SkipsSilent_FollowsChanges_AndDropsRevokedOrRemovedMembers()
    {
        await using var pair = await ConnectorPair.StartAsync(providerSettings: null, consumerSettings: new Dictionary<string, string?>
        {
            ["Connector:FederatedCatalog:MembersFile"] = "members.json",
            ["Connector:FederatedCatalog:MemberTimeout"] = "00:00:02",
            ["Connector:FederatedCatalog:MaxDatasetsPerMember"] = "120",
            ["Connector:FederatedCatalog:InitialBackoff"] = "00:10:00",
            ["Connector:FederatedCatalog:MaxBackoff"] = "01:00:00",
        });
        await using var huge = await MinimalDspCatalogServer.StartAsync(HugeDid, datasets: 500, pageSize: 100, title: "Bulk");
        await using var silent = await MinimalDspCatalogServer.StartAsync(SilentDid, datasets: 10, pageSize: 10, title: "Silent", neverAnswers: true);

        await PublishAsync(pair, "rainfall", new { title = "Rainfall in Shenzhen", description = "Hourly rain gauges", keywords = new[] { "weather", "water" } }, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        await PublishAsync(pair, "salaries", new { title = "Salary statistics", description = "Payroll records for privacy computing" }, ConnectorPair.OpenPolicy(), AggregateOnly());
        await PublishAsync(pair, "secret-rain", new { title = "Secret rainfall" }, ConnectorPair.ClaimPolicy("MembershipCredential", "level", "gold"), ConnectorPair.OpenPolicy());
        var members = MembersFile(pair.ConsumerData);
        await WriteMembersAsync(members,
            Member(ProviderDid, "Provider Ltd", pair.ProviderDsp, ["finance", "city"]),
            Member(HugeDid, "Huge Catalog Co", huge.Dsp, ["logistics"]),
            Member(SilentDid, "Silent Inc", silent.Dsp, ["city"]));

        var clock = Stopwatch.StartNew();
        var report = await CrawlAsync(pair);
        clock.Stop();
        Assert.Equal(3, report["members"]!.GetValue<int>());
        Assert.Equal(2, report["changed"]!.GetValue<int>());
        var failed = Assert.Single(report["failed"]!.AsArray());
        Assert.Equal(SilentDid, failed!["did"]!.GetValue<string>());
        Assert.Contains("did not deliver its catalog within", failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the silent member held the crawl for {clock.Elapsed}");

        // The provider's view for us: the offer whose access policy we do not satisfy is not in the index.
        var rain = await SearchAsync(pair, "q=rain");
        var hit = Assert.Single(rain["items"]!.AsArray())!;
        Assert.Equal("rainfall", hit["datasetId"]!.GetValue<string>());
        Assert.Equal(ProviderDid, hit["provider"]!.GetValue<string>());
        Assert.Equal(pair.ProviderDsp, hit["dspEndpoint"]!.GetValue<string>());
        Assert.Equal(["weather", "water"], hit["keywords"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Contains("HttpData-PULL", hit["transferTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("open", hit["policyFeatures"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Single((await SearchAsync(pair, "q=weath"))["items"]!.AsArray());
        Assert.Empty((await SearchAsync(pair, "q=secret"))["items"]!.AsArray());

        var aggregate = Assert.Single((await SearchAsync(pair, "policy=aggregate-only"))["items"]!.AsArray())!;
        Assert.Equal("salaries", aggregate["datasetId"]!.GetValue<string>());
        Assert.Contains("constraint:minGroupSize", aggregate["policyFeatures"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Empty((await SearchAsync(pair, "q=salary&subspace=logistics"))["items"]!.AsArray());
        Assert.Single((await SearchAsync(pair, "q=salary&subspace=finance"))["items"]!.AsArray());

        // The huge member is cut off at the per-member limit, with its reason.
        var state = await MemberAsync(pair, HugeDid);
        Assert.Equal(120, state["datasets"]!.GetValue<int>());
        Assert.Contains("MaxDatasetsPerMember", state["truncated"]!.GetValue<string>(), StringComparison.Ordinal);
        var bulk = await SearchAsync(pair, $"provider={Uri.EscapeDataString(HugeDid)}&limit=100");
        Assert.Equal(100, bulk["items"]!.AsArray().Count);
        Assert.Equal(100, bulk["nextOffset"]!.GetValue<int>());
        Assert.Equal(20, (await SearchAsync(pair, $"provider={Uri.EscapeDataString(HugeDid)}&limit=100&offset=100"))["items"]!.AsArray().Count);

        // Nothing changed: both catalogs are read and skipped; the silent member is backing off and not even asked.
        var silentRequests = silent.Requests;
        report = await CrawlAsync(pair);
        Assert.Equal(0, report["changed"]!.GetValue<int>());
        Assert.Equal(2, report["unchanged"]!.GetValue<int>());
        Assert.Equal(1, report["backingOff"]!.GetValue<int>());
        Assert.Equal(silentRequests, silent.Requests);

        // A new offer at the provider is picked up by the next crawl.
        await PublishAsync(pair, "traffic", new { title = "Traffic counts", keywords = new[] { "mobility" } }, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        report = await CrawlAsync(pair);
        Assert.Equal(1, report["changed"]!.GetValue<int>());
        Assert.Equal(1, report["unchanged"]!.GetValue<int>());
        var traffic = Assert.Single((await SearchAsync(pair, "q=mobility"))["items"]!.AsArray())!;

        // One step from a result to a negotiation: the result names the counter-party, its address and the offer.
        var started = await pair.ConsumerPostAsync("/negotiations", new
        {
            counterPartyAddress = traffic["dspEndpoint"]!.GetValue<string>(),
            offerId = traffic["offers"]![0]!["id"]!.GetValue<string>(),
            counterPartyId = traffic["provider"]!.GetValue<string>(),
        });
        await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED");

        // Revoked in the directory: gone from search at the next crawl. Removed from the directory: likewise.
        await WriteMembersAsync(members,
            Member(ProviderDid, "Provider Ltd", pair.ProviderDsp, ["finance", "city"], "revoked"),
            Member(HugeDid, "Huge Catalog Co", huge.Dsp, ["logistics"]),
            Member(SilentDid, "Silent Inc", silent.Dsp, ["city"]));
        report = await CrawlAsync(pair);
        Assert.Equal(1, report["removed"]!.GetValue<int>());
        Assert.Contains(report["skipped"]!.AsArray(), s => s!["did"]!.GetValue<string>() == ProviderDid && s["reason"]!.GetValue<string>().Contains("revoked", StringComparison.Ordinal));
        Assert.Empty((await SearchAsync(pair, "q=rain"))["items"]!.AsArray());
        Assert.Single((await SearchAsync(pair, "q=bulk&limit=1"))["items"]!.AsArray());

        await WriteMembersAsync(members, Member(SilentDid, "Silent Inc", silent.Dsp, ["city"]));
        report = await CrawlAsync(pair);
        Assert.Equal(1, report["removed"]!.GetValue<int>());
        Assert.Empty((await SearchAsync(pair, "subspace=logistics"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Crawler_WhenEnabled_CrawlsEveryPeriodOnItsOwn()
    {
        await using var pair = await ConnectorPair.StartAsync(providerSettings: null, consumerSettings: new Dictionary<string, string?>
        {
            ["Connector:FederatedCatalog:Enabled"] = "true",
            ["Connector:FederatedCatalog:Period"] = "00:00:00.300",
            ["Connector:FederatedCatalog:MembersFile"] = "members.json",
        });
        await PublishAsync(pair, "rainfall", new { title = "Rainfall in Shenzhen" }, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());

        // Until the file exists the directory cannot be read and crawls change nothing; then the next crawl finds the member.
        await WriteMembersAsync(MembersFile(pair.ConsumerData), Member(ProviderDid, "Provider Ltd", pair.ProviderDsp, ["city"]));
        await Eventually.UntilAsync(async () => (await SearchAsync(pair, "q=rainfall&subspace=city"))["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(20), "the crawler indexing the provider");
        var members = await pair.ConsumerGetAsync("/federated-catalog/members");
        Assert.True(members["enabled"]!.GetValue<bool>());
        Assert.NotNull(members["lastCrawl"]);
    }

    [Theory]
    [InlineData("q=x&limit=0")]
    [InlineData("q=x&limit=201")]
    [InlineData("offset=-1")]
    public async Task Search_BadPaging_IsRefusedWithTheRule(string query)
    {
        await using var pair = await ConnectorPair.StartAsync(providerSettings: null);
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => SearchAsync(pair, query));
        Assert.Contains("'limit' between 1 and 200", e.Message, StringComparison.Ordinal);
    }

    private static JsonObject AggregateOnly() => new()
    {
        ["@context"] = new JsonArray("http://www.w3.org/ns/odrl.jsonld", new JsonObject { ["dsc"] = "https://w3id.org/dataspace-connector/policy/" }),
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject
        {
            ["action"] = "aggregate",
            ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = "dsc:minGroupSize", ["operator"] = "gteq", ["rightOperand"] = 10 }),
        }),
        ["prohibition"] = new JsonArray(new JsonObject { ["action"] = "read" }),
    };

    private static async Task PublishAsync(ConnectorPair pair, string id, object properties, JsonObject access, JsonObject contract)
    {
        await pair.ProviderPostAsync("/assets", new { id, properties, dataAddress = new { type = "FileSystem", properties = new { path = id + ".bin" } } });
        await pair.ProviderPostAsync("/policies", new { id = id + "-access", policy = access });
        await pair.ProviderPostAsync("/policies", new { id = id + "-contract", policy = contract });
        await pair.ProviderPostAsync("/offers", new { id = id + "-offer", assetId = id, accessPolicyId = id + "-access", contractPolicyId = id + "-contract" });
    }

    private static string MembersFile(string dataDirectory) => Path.Combine(dataDirectory, "members.json");

    private static object Member(string did, string name, string dsp, string[] subspaces, string status = "active") => new { did, name, dspEndpoint = dsp, subspaces, status };

    private static Task WriteMembersAsync(string path, params object[] members) => File.WriteAllTextAsync(path, JsonSerializer.Serialize(members));

    private static Task<JsonNode> CrawlAsync(ConnectorPair pair) => pair.ConsumerPostAsync("/federated-catalog/crawl", new { });

    private static Task<JsonNode> SearchAsync(ConnectorPair pair, string query) => pair.ConsumerGetAsync("/federated-catalog/search?" + query);

    private static async Task<JsonNode> MemberAsync(ConnectorPair pair, string did) =>
        (await pair.ConsumerGetAsync("/federated-catalog/members"))["members"]!.AsArray().Single(m => m!["did"]!.GetValue<string>() == did)!;
}
