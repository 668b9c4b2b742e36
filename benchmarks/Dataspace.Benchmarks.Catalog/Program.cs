// Federated catalog benchmark on loopback: a crawler connector crawls 100 members (one real connector with 10,000
// offers, 99 minimal DSP catalog servers with 10 each) within one period, again after 1% of the offers changed, and
// answers searches over 100,000 indexed offers through its management API. Prints the figures and whether each target
// is met (exit code 1 when one is not).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Benchmarks.Catalog;
using Dataspace.Connector.FederatedCatalog;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Connector.Testing;
using Microsoft.Extensions.DependencyInjection;

const int bigOffers = 10_000, smallMembers = 99, smallOffers = 10, searchOffers = 100_000, searches = 1_000;
var period = TimeSpan.FromSeconds(60);
const string token = "crawler-token", crawlerDid = "did:web:crawler.example", bigDid = "did:web:big.example";
var quick = args.Contains("--quick");
// Without the dataset digest manifest every member is crawled page by page, as a provider without it is: for comparison.
var manifest = !args.Contains("--no-manifest");

using var root = new TempDirectory("catalog-benchmark-");
Console.WriteLine($"federated catalog: 1 connector with {bigOffers:N0} offers + {smallMembers} minimal members with {smallOffers} each, crawl period {period.TotalSeconds:F0} s, dataset digest manifest {(manifest ? "on" : "off (--no-manifest)")}, load average {LoadAverage()}");
await using var big = await TestConnector.StartAsync(root.Sub("big"), settings: new Dictionary<string, string?>
{
    ["Connector:ParticipantId"] = bigDid,
    ["Connector:Dsp:StaticTokens:" + token] = crawlerDid,
});
var seeding = Stopwatch.StartNew();
await SeedAsync(big.App.Services.GetRequiredService<ConnectorDatabase>(), bigOffers);
Console.WriteLine($"  seeded the big member's {bigOffers:N0} offers in {seeding.Elapsed.TotalSeconds:F1} s");
await using var small = await SmallMembers.StartAsync(smallMembers, smallOffers);
await using var crawler = await TestConnector.StartAsync(root.Sub("crawler"), settings: new Dictionary<string, string?>
{
    ["Connector:ParticipantId"] = crawlerDid,
    ["Connector:Dsp:OutboundToken"] = token,
    ["Connector:FederatedCatalog:MembersFile"] = "members.json",
    ["Connector:FederatedCatalog:MemberTimeout"] = "00:01:00",
    ["Connector:FederatedCatalog:UseDigestManifest"] = manifest ? "true" : "false",
});
var members = new JsonArray(new JsonObject { ["did"] = bigDid, ["name"] = "Big", ["dspEndpoint"] = big.Dsp, ["subspaces"] = new JsonArray("city") });
for (var m = 0; m < smallMembers; m++)
{
    members.Add(new JsonObject { ["did"] = SmallMembers.Did(m), ["name"] = $"Member {m}", ["dspEndpoint"] = small.Dsp(m), ["subspaces"] = new JsonArray(m % 2 == 0 ? "city" : "finance") });
}

await File.WriteAllTextAsync(Path.Combine(crawler.DataDirectory, "members.json"), members.ToJsonString());

var first = await CrawlAsync("first crawl");
var totalOffers = bigOffers + (smallMembers * smallOffers);
var changes = totalOffers / 100;
// 1% of the offers: most in the big member (its catalog changes), the rest one each in as many small members.
var bigChanges = changes - 10;
for (var i = 0; i < bigChanges; i++)
{
    var id = $"asset-{i * (bigOffers / bigChanges):D5}";
    await big.ManagementAsync(HttpMethod.Put, "/assets/" + id, new { id, properties = new { title = Words.Title(i) + " revised", keywords = new JsonArray("revised") }, dataAddress = new { type = "FileSystem", properties = new { path = "data.bin" } } });
}

for (var m = 0; m < 10; m++)
{
    small.Change(m * 9, m % smallOffers);
}

// How much of a crawl is only the big member's pages coming over the wire (as the crawler asks for them, every page).
var fetching = Stopwatch.StartNew();
var pages = 0;
using (var http = new HttpClient())
{
    for (var url = big.Dsp + "/catalog/request"; url is not null; pages++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("""{ "@context": "https://w3id.org/dspace/2025/1/context.jsonld", "@type": "CatalogRequestMessage" }""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        url = response.Headers.TryGetValues("Link", out var links) && links.FirstOrDefault(l => l.Contains("rel=\"next\"", StringComparison.Ordinal)) is { } next ? next[1..next.IndexOf('>', StringComparison.Ordinal)] : null;
    }
}

var fetched = fetching.Elapsed;
Console.WriteLine($"  the big member's catalog alone, {pages} pages fetched one after the other (no parsing, no indexing): {fetched.TotalSeconds:F2} s");
var second = await CrawlAsync($"after {changes} offers changed ({bigChanges} at the big member, 1 at each of 10 small members)");
var third = await CrawlAsync("again, nothing changed");
var revised = await crawler.ManagementAsync(HttpMethod.Get, "/federated-catalog/search?q=revised&limit=200");
if (revised["items"]!.AsArray().Count != bigChanges)
{
    throw new InvalidOperationException($"the second crawl should have indexed {bigChanges} revised datasets; search found {revised["items"]!.AsArray().Count}");
}

// Search over 100,000 offers: the crawled ones plus synthetic members written into the same index, through the management API.
var store = crawler.App.Services.GetRequiredService<IFederatedCatalogStore>();
var filling = Stopwatch.StartNew();
var indexed = totalOffers;
for (var m = 0; indexed < searchOffers; m++)
{
    var count = Math.Min(1_000, searchOffers - indexed);
    var member = new CatalogMember($"did:web:synthetic{m:D3}.example", $"Synthetic {m}", $"http://127.0.0.1:9/s{m}/api/dsp", [m % 3 == 0 ? "health" : "city"]);
    var datasets = Enumerable.Range(0, count).Select(d => new FederatedDataset($"s{m:D3}-{d:D4}", Words.Title((m * 1_000) + d), "Synthetic dataset " + d, [Words.At(m + d), Words.At(d * 3)],
        d % 4 == 0 ? "L3" : "L2", ["text/csv"], ["HttpData-PULL"], d % 5 == 0 ? ["aggregate-only", "constrained"] : ["open"], "[]", "{}")).ToList();
    await store.ReplaceAsync(member, "synthetic", [], datasets, null, 1_000_000, DateTimeOffset.UtcNow, CancellationToken.None);
    indexed += count;
}

Console.WriteLine($"  filled the index to {indexed:N0} offers in {filling.Elapsed.TotalSeconds:F1} s");
var random = new Random(42);
string[] Queries() => [
    $"q={Words.At(random.Next(Words.Count))}",
    $"q={Words.At(random.Next(Words.Count))}&subspace=city",
    $"q={Words.At(random.Next(Words.Count))}+{Words.At(random.Next(Words.Count))}",
    $"q={Words.At(random.Next(Words.Count))[..4]}&policy=aggregate-only",
    "subspace=health&classification=L3",
];
for (var i = 0; i < 50; i++)
{
    foreach (var query in Queries())
    {
        await crawler.ManagementAsync(HttpMethod.Get, "/federated-catalog/search?" + query);
    }
}

var latencies = new List<double>();
var hits = 0L;
var n = quick ? searches / 5 : searches;
while (latencies.Count < n)
{
    foreach (var query in Queries())
    {
        var clock = Stopwatch.StartNew();
        var page = await crawler.ManagementAsync(HttpMethod.Get, "/federated-catalog/search?" + query);
        latencies.Add(clock.Elapsed.TotalMilliseconds);
        hits += page["items"]!.AsArray().Count;
    }
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p / 100 * latencies.Count) - 1)];
Console.WriteLine($"  search over {indexed:N0} offers via GET /api/management/v1/federated-catalog/search: {latencies.Count} queries (words, word + subspace, two words, prefix + policy feature, filters only), {hits / (double)latencies.Count:F1} results a page on average");
Console.WriteLine($"    p50 {Percentile(50):F2} ms, p90 {Percentile(90):F2} ms, p99 {Percentile(99):F2} ms, max {latencies[^1]:F2} ms");

var targets = new (string Name, bool Met)[]
{
    ($"first crawl of 100 members within one period ({first.TotalSeconds:F1} s < {period.TotalSeconds:F0} s)", first < period),
    ($"crawl after 1% changed in a fraction of the first ({second.TotalSeconds:F1} s = {second / first:P0} of {first.TotalSeconds:F1} s, {second / fetched:P0} of merely fetching the big member's pages; target at most 50% of the first)", second <= first / 2),
    ($"search over {indexed:N0} offers p50 < 20 ms ({Percentile(50):F2} ms)", Percentile(50) < 20),
};
Console.WriteLine($"  unchanged crawl {third.TotalSeconds:F2} s; load average at the end {LoadAverage()}");
Console.WriteLine("targets:");
foreach (var (name, met) in targets)
{
    Console.WriteLine($"  [{(met ? "met" : "NOT MET")}] {name}");
}

return targets.All(t => t.Met) ? 0 : 1;

async Task<TimeSpan> CrawlAsync(string name)
{
    var clock = Stopwatch.StartNew();
    var report = await crawler.ManagementAsync(HttpMethod.Post, "/federated-catalog/crawl", new { });
    clock.Stop();
    var failed = report["failed"]!.AsArray();
    Console.WriteLine($"  {name}: {clock.Elapsed.TotalSeconds:F2} s for {report["members"]} members: {report["changed"]} changed, {report["unchanged"]} unchanged, {failed.Count} failed");
    if (failed.Count > 0)
    {
        throw new InvalidOperationException("members failed: " + failed.ToJsonString());
    }

    return clock.Elapsed;
}

// Other builds share the machine: the figures mean little without it.
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static async Task SeedAsync(ConnectorDatabase database, int offers)
{
    await using var connection = await database.OpenAsync(CancellationToken.None);
    await using var transaction = await connection.BeginTransactionAsync();
    var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
    var open = ConnectorPair.OpenPolicy().ToJsonString();
    await using (var policies = connection.CreateCommand())
    {
        policies.CommandText = "INSERT INTO policies (id, policy, created_at) VALUES ('open', $policy, $now)";
        policies.Parameters.AddWithValue("$policy", open);
        policies.Parameters.AddWithValue("$now", now);
        await policies.ExecuteNonQueryAsync();
    }

    await using var command = connection.CreateCommand();
    command.CommandText = """
        INSERT INTO assets (id, properties, data_address, created_at) VALUES ($id, $properties, '{"type":"FileSystem","properties":{"path":"data.bin"}}', $now);
        INSERT INTO offers (id, asset_id, access_policy_id, contract_policy_id, created_at) VALUES ($id || '-offer', $id, 'open', 'open', $now);
        """;
    var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
    var properties = command.Parameters.Add("$properties", Microsoft.Data.Sqlite.SqliteType.Text);
    command.Parameters.AddWithValue("$now", now);
    for (var i = 0; i < offers; i++)
    {
        id.Value = $"asset-{i:D5}";
        properties.Value = JsonSerializer.Serialize(new { title = Words.Title(i), description = "Sensor readings " + i, keywords = new[] { Words.At(i), Words.At(i * 11) } });
        await command.ExecuteNonQueryAsync();
    }

    await transaction.CommitAsync();
}
