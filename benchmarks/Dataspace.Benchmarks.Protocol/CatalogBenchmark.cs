using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// Catalog latency with 10,000 offers whose access policies each need their own member id claim, plus a few open ones:
/// the offer index against evaluating every access policy (the same connector, switched between the two in alternating
/// rounds), for a static-token requester on the DSP endpoint (it sees the open offers) and for a DCP member asking
/// through its own connector (it sees the open offers and the one for its member id).
/// </summary>
internal static class CatalogBenchmark
{
    public const string MemberId = "m04242";
    private const string Token = "bench-consumer-token";
    private const string CatalogRequest = """{ "@context": "https://w3id.org/dspace/2025/1/context.jsonld", "@type": "CatalogRequestMessage" }""";

    /// <summary>A static-token requester straight on the provider's DSP catalog endpoint.</summary>
    public static async Task<IReadOnlyList<Row>> RunStaticAsync(string root, int offers, int openOffers, TimeSpan duration)
    {
        var data = Path.Combine(root, "catalog-provider");
        await using var provider = await Loopback.StartAsync(data, new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:provider.example",
            ["Connector:Dsp:StaticTokens:" + Token] = "did:web:consumer.example",
        });
        using var http = new HttpClient();
        var url = provider.Dsp + "/catalog/request";
        return await RunAsync("static token, DSP endpoint", provider, offers, openOffers, openOffers, () => RequestAsync(http, url), duration);
    }

    /// <summary>A DCP member asking through its connector's management API (DSP request with a DCP token, catalog read back).</summary>
    public static async Task<IReadOnlyList<Row>> RunDcpAsync(string root, int offers, int openOffers, TimeSpan duration)
    {
        await using var space = await Space.StartDcpAsync(Path.Combine(root, "catalog"), presentationCacheSeconds: 60, memberId: MemberId);
        return await RunAsync("DCP member, via its connector", space.Provider, offers, openOffers, openOffers + 2, async () =>
        {
            var catalog = await space.Consumer.SendAsync(HttpMethod.Post, "/catalog/request", new { counterPartyAddress = space.Provider.Dsp, counterPartyId = space.ProviderId });
            return (catalog["datasets"]!.AsArray().Count, catalog.ToJsonString());
        }, duration);
    }

    private static async Task<IReadOnlyList<Row>> RunAsync(string requester, Loopback provider, int offers, int openOffers, int expected, Func<Task<(int Datasets, string Body)>> request, TimeSpan duration)
    {
        var seeding = Stopwatch.StartNew();
        await SeedAsync(provider.App.Services.GetRequiredService<ConnectorDatabase>(), offers, openOffers);
        seeding.Stop();

        // The first request starts indexing the offers seeded behind the connector's back (as after an upgrade).
        var catalog = provider.App.Services.GetRequiredService<CatalogService>();
        var indexing = Stopwatch.StartNew();
        var first = await request();
        var firstRequest = indexing.Elapsed;
        await catalog.IndexRefresh;
        indexing.Stop();
        var indexed = await request();
        catalog.EvaluateEveryOffer = true;
        var everyPolicy = await request();
        catalog.EvaluateEveryOffer = false;
        if (indexed.Datasets != expected || indexed.Body != everyPolicy.Body || first.Body != everyPolicy.Body)
        {
            throw new InvalidOperationException($"{requester}: the indexed catalog ({indexed.Datasets} datasets) differs from evaluating every policy ({everyPolicy.Datasets} datasets; {expected} expected)");
        }

        Console.WriteLine($"  {requester}: seeded {offers + openOffers:N0} offers in {seeding.Elapsed.TotalSeconds:F1} s; first request {firstRequest.TotalSeconds:F1} s, indexing all {indexing.Elapsed.TotalSeconds:F1} s; sees {indexed.Datasets} datasets");

        var fast = new Latencies();
        var full = new Latencies();
        for (var i = 0; i < 3; i++)
        {
            await request();
        }

        // Alternate in rounds so that both sides meet the same machine conditions; the slow side gets fewer samples.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration || full.Count < 5)
        {
            catalog.EvaluateEveryOffer = true;
            await MeasureAsync(request, full, 2);
            catalog.EvaluateEveryOffer = false;
            await MeasureAsync(request, fast, 20);
        }

        return
        [
            new Row($"catalog ({requester}), offer index", fast),
            new Row($"catalog ({requester}), every policy", full),
        ];
    }

    private static async Task MeasureAsync(Func<Task<(int, string)>> request, Latencies latencies, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await request();
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task<(int Datasets, string Body)> RequestAsync(HttpClient http, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(CatalogRequest, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"catalog request answered {(int)response.StatusCode}: {body}");
        }

        return (JsonNode.Parse(body)!["dataset"]?.AsArray().Count ?? 0, body);
    }

    // One transaction of plain rows, as a database from before the index would hold them; the connector indexes them itself.
    private static async Task SeedAsync(ConnectorDatabase database, int offers, int openOffers)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO assets (id, properties, data_address, created_at) VALUES ($id, $properties, '{"type":"FileSystem","properties":{"path":"data.bin"}}', $now);
            INSERT INTO policies (id, policy, created_at) VALUES ($id || '-access', $policy, $now);
            INSERT INTO offers (id, asset_id, access_policy_id, contract_policy_id, created_at) VALUES ($id || '-offer', $id, $id || '-access', 'contract', $now);
            """;
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var properties = command.Parameters.Add("$properties", Microsoft.Data.Sqlite.SqliteType.Text);
        var policy = command.Parameters.Add("$policy", Microsoft.Data.Sqlite.SqliteType.Text);
        command.Parameters.AddWithValue("$now", now);
        await using (var contract = connection.CreateCommand())
        {
            contract.CommandText = "INSERT INTO policies (id, policy, created_at) VALUES ('contract', $policy, $now)";
            contract.Parameters.AddWithValue("$policy", Loopback.OpenPolicy().ToJsonString());
            contract.Parameters.AddWithValue("$now", now);
            await contract.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < offers + openOffers; i++)
        {
            var open = i >= offers;
            id.Value = open ? $"open-{i - offers:D2}" : $"member-{i:D5}";
            properties.Value = new JsonObject { ["title"] = $"Dataset {id.Value}", ["keywords"] = new JsonArray("benchmark") }.ToJsonString();
            policy.Value = (open ? Loopback.OpenPolicy() : MemberPolicy($"m{i:D5}")).ToJsonString();
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static JsonObject MemberPolicy(string memberId) => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject
        {
            ["action"] = "use",
            ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = "claim:MembershipCredential.memberId", ["operator"] = "eq", ["rightOperand"] = memberId }),
        }),
    };
}
