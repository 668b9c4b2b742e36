using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// Catalog latency through the DSP catalog endpoint of a provider holding 10,000 offers with distinct access policies
/// (each needs its own member id claim) and a few open ones, for a requester that sees only the open ones: the offer
/// index against evaluating every access policy (the same connector, switched between the two per round).
/// </summary>
internal static class CatalogBenchmark
{
    private const string Token = "bench-consumer-token";
    private const string CatalogRequest = """{ "@context": "https://w3id.org/dspace/2025/1/context.jsonld", "@type": "CatalogRequestMessage" }""";

    public static async Task<IReadOnlyList<Row>> RunAsync(string root, int offers, int openOffers, TimeSpan duration)
    {
        var data = Path.Combine(root, "catalog-provider");
        await using var provider = await Loopback.StartAsync(data, new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:provider.example",
            ["Connector:Dsp:StaticTokens:" + Token] = "did:web:consumer.example",
        });

        var seeding = Stopwatch.StartNew();
        await SeedAsync(provider.App.Services.GetRequiredService<ConnectorDatabase>(), offers, openOffers);
        seeding.Stop();
        using var http = new HttpClient();
        var url = provider.Dsp + "/catalog/request";

        // The first request starts indexing the offers seeded behind the connector's back (as after an upgrade).
        var catalog = provider.App.Services.GetRequiredService<CatalogService>();
        var indexing = Stopwatch.StartNew();
        var first = await RequestAsync(http, url);
        var firstRequest = indexing.Elapsed;
        await catalog.IndexRefresh;
        indexing.Stop();
        catalog.EvaluateEveryOffer = true;
        var everyPolicy = await RequestAsync(http, url);
        catalog.EvaluateEveryOffer = false;
        if (first.Datasets != openOffers || first.Body != everyPolicy.Body)
        {
            throw new InvalidOperationException($"the indexed catalog ({first.Datasets} datasets) differs from evaluating every policy ({everyPolicy.Datasets} datasets)");
        }

        Console.WriteLine($"  seeded {offers + openOffers:N0} offers in {seeding.Elapsed.TotalSeconds:F1} s; the first request took {firstRequest.TotalSeconds:F1} s, indexing them all {indexing.Elapsed.TotalSeconds:F1} s; the requester sees {first.Datasets} datasets");

        var indexed = new Latencies();
        var full = new Latencies();
        for (var i = 0; i < 3; i++)
        {
            await RequestAsync(http, url);
        }

        // Alternate in rounds so that both sides meet the same machine conditions; the slow side gets fewer samples.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration || full.Count < 5)
        {
            catalog.EvaluateEveryOffer = true;
            await MeasureAsync(http, url, full, 2);
            catalog.EvaluateEveryOffer = false;
            await MeasureAsync(http, url, indexed, 20);
        }

        return
        [
            new Row($"catalog, offer index ({offers + openOffers:N0} offers)", indexed),
            new Row("catalog, every access policy evaluated", full),
        ];
    }

    private static async Task MeasureAsync(HttpClient http, string url, Latencies latencies, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await RequestAsync(http, url);
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
