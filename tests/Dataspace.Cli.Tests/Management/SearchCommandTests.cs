using System.Text.Json.Nodes;
using Dataspace.Cli.Demo;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Tests.Management;

/// <summary><c>dataspace search</c>: a consumer connector that crawled a provider, searched through the CLI.</summary>
public sealed class SearchCommandTests
{
    [Fact]
    public async Task Search_FindsWhatTheConnectorCrawled_AsATableAndAsJson_AndFiltersBySubspace()
    {
        var root = Directory.CreateTempSubdirectory("search-cli-").FullName;
        try
        {
            await using var provider = await LocalConnector.StartAsync(Path.Combine(root, "provider"), new Dictionary<string, string?>
            {
                ["Connector:ParticipantId"] = "did:web:provider.search",
                ["Connector:Dsp:StaticTokens:consumer-token"] = "did:web:consumer.search",
            }, CancellationToken.None);
            await using var consumer = await LocalConnector.StartAsync(Path.Combine(root, "consumer"), new Dictionary<string, string?>
            {
                ["Connector:ParticipantId"] = "did:web:consumer.search",
                ["Connector:Dsp:OutboundToken"] = "consumer-token",
                ["Connector:FederatedCatalog:MembersFile"] = "members.json",
            }, CancellationToken.None);
            var open = new JsonObject { ["@context"] = "http://www.w3.org/ns/odrl.jsonld", ["@type"] = "Set", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) };
            await provider.Client.CreateAssetAsync(new AssetInput("tides", new JsonObject { ["title"] = "Tide tables", ["keywords"] = new JsonArray("ocean") }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = "tides.csv" })));
            await provider.Client.CreatePolicyAsync(new PolicyInput("open", open));
            await provider.Client.CreateOfferAsync(new OfferInput("tides-offer", "tides", "open", "open"));
            await File.WriteAllTextAsync(Path.Combine(consumer.DataDirectory, "members.json"),
                new JsonArray(new JsonObject { ["did"] = "did:web:provider.search", ["name"] = "Provider", ["dspEndpoint"] = provider.Dsp, ["subspaces"] = new JsonArray("marine") }).ToJsonString());
            using (var crawl = new HttpRequestMessage(HttpMethod.Post, consumer.BaseAddress + "/api/management/v1/federated-catalog/crawl"))
            {
                crawl.Headers.Add("X-Api-Key", consumer.ApiKey);
                crawl.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                using var answer = await consumer.Http.SendAsync(crawl);
                answer.EnsureSuccessStatusCode();
            }

            var table = await Cli.RunAsync("search", "tide", "--connector", consumer.BaseAddress, "--api-key", consumer.ApiKey);
            var json = await Cli.RunAsync("search", "ocean", "--subspace", "marine", "--json", "--connector", consumer.BaseAddress, "--api-key", consumer.ApiKey);
            var none = await Cli.RunAsync("search", "tide", "--subspace", "health", "--connector", consumer.BaseAddress, "--api-key", consumer.ApiKey);

            Assert.True(table.ExitCode == 0, $"exit {table.ExitCode}: {table.Error}");
            Assert.Matches(@"Tide tables\s+did:web:provider.search\s+tides-offer\s+", table.Output);
            Assert.Contains(provider.Dsp, table.Output, StringComparison.Ordinal);
            Assert.True(json.ExitCode == 0, $"exit {json.ExitCode}: {json.Error}");
            var hit = Assert.Single(JsonNode.Parse(json.Output)!["items"]!.AsArray())!;
            Assert.Equal("tides", hit["datasetId"]!.GetValue<string>());
            Assert.Equal("tides-offer", hit["offers"]![0]!["id"]!.GetValue<string>());
            Assert.Contains("nothing found", none.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
