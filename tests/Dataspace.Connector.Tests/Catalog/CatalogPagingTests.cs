using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dataspace.Connector.Tests.Protocol;
using static Dataspace.Connector.Tests.Catalog.CatalogHarness;

namespace Dataspace.Connector.Tests.Catalog;

/// <summary>Catalog pages through the DSP endpoint: Link headers next and previous, over thousands of offers.</summary>
public sealed partial class CatalogPagingTests
{
    private const string CatalogRequest = """{ "@context": "https://w3id.org/dspace/2025/1/context.jsonld", "@type": "CatalogRequestMessage" }""";

    [Fact]
    public async Task Catalog_ThousandsOfOffers_PagesForwardAndBackThroughLinkHeaders()
    {
        await using var harness = await CatalogHarness.StartAsync(pageSize: 100);
        await harness.AddPolicyAsync("open", OpenPolicy());
        await harness.AddPolicyAsync("gold", PolicyWith(Claim("MembershipCredential.level", "eq", "gold")));
        var expected = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            var asset = $"asset-{i:D4}";
            await harness.AddAssetAsync(asset);
            // Every fourth is for gold members only, which the static-token consumer is not.
            await harness.AddOfferAsync("offer-" + asset, asset, i % 4 == 0 ? "gold" : "open");
            if (i % 4 != 0)
            {
                expected.Add(asset);
            }
        }

        var forward = new List<string[]>();
        var url = harness.Connector.BaseAddress + "/api/dsp/catalog/request";
        string? previous = null;
        while (true)
        {
            var (datasets, links) = await RequestAsync(harness.Connector, url);
            Assert.InRange(datasets.Length, 1, 100);
            Assert.Equal(forward.Count > 0, links.ContainsKey("previous"));
            forward.Add(datasets);
            if (!links.TryGetValue("next", out var next))
            {
                previous = links.GetValueOrDefault("previous");
                break;
            }

            url = next;
        }

        Assert.Equal(expected, forward.SelectMany(p => p));
        Assert.Equal(15, forward.Count);

        // Back from the last page to the first: the same pages in reverse.
        var backward = new List<string[]>();
        for (var link = previous; link is not null;)
        {
            var (datasets, links) = await RequestAsync(harness.Connector, link);
            Assert.True(links.ContainsKey("next"));
            backward.Insert(0, datasets);
            link = links.GetValueOrDefault("previous");
        }

        Assert.Equal(forward.SkipLast(1).Select(p => string.Join(',', p)), backward.Select(p => string.Join(',', p)));
    }

    [Fact]
    public async Task Catalog_ForeignContinuationToken_Is400WithTheReason()
    {
        await using var harness = await CatalogHarness.StartAsync();

        using var response = await SendAsync(harness.Connector, harness.Connector.BaseAddress + "/api/dsp/catalog/request?continuationToken=not-ours!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("CatalogError", error["@type"]!.GetValue<string>());
        Assert.Contains("continuationToken", error.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetRequest_HiddenAndVisibleDatasets()
    {
        await using var harness = await CatalogHarness.StartAsync();
        await harness.AddPolicyAsync("open", OpenPolicy());
        await harness.AddPolicyAsync("gold", PolicyWith(Claim("MembershipCredential.level", "eq", "gold")));
        await harness.AddAssetAsync("visible");
        await harness.AddOfferAsync("offer-visible", "visible", "open");
        await harness.AddAssetAsync("hidden");
        await harness.AddOfferAsync("offer-hidden", "hidden", "gold");

        using var visible = await SendAsync(harness.Connector, harness.Connector.BaseAddress + "/api/dsp/catalog/datasets/visible", HttpMethod.Get);
        using var hidden = await SendAsync(harness.Connector, harness.Connector.BaseAddress + "/api/dsp/catalog/datasets/hidden", HttpMethod.Get);

        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
        var dataset = JsonNode.Parse(await visible.Content.ReadAsStringAsync())!;
        Assert.Equal("offer-visible", Assert.Single(dataset["hasPolicy"]!.AsArray())!["@id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task ConsumerCatalog_ProviderPages_AreFollowedAndMerged()
    {
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?> { ["Connector:Catalog:PageSize"] = "3" });
        for (var i = 0; i < 8; i++)
        {
            await pair.PublishAsync($"data-{i}", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        }

        var catalog = await pair.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = pair.ProviderDsp });

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"data-{i}"), catalog["datasets"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
    }

    private static async Task<(string[] Datasets, Dictionary<string, string> Links)> RequestAsync(TestConnector connector, string url)
    {
        using var response = await SendAsync(connector, url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {text}");
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in response.Headers.TryGetValues("Link", out var values) ? values : [])
        {
            var match = LinkPattern().Match(header);
            Assert.True(match.Success, $"Link header '{header}' is not <url>; rel=\"...\"");
            links.Add(match.Groups[2].Value, match.Groups[1].Value);
        }

        var datasets = JsonNode.Parse(text)!["dataset"]?.AsArray().Select(d => d!["@id"]!.GetValue<string>()).ToArray() ?? [];
        return (datasets, links);
    }

    private static async Task<HttpResponseMessage> SendAsync(TestConnector connector, string url, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "consumer-secret-token");
        if (request.Method == HttpMethod.Post)
        {
            request.Content = new StringContent(CatalogRequest, Encoding.UTF8, "application/json");
        }

        return await connector.Http.SendAsync(request);
    }

    [GeneratedRegex("""^<([^>]+)>; rel="(next|previous)"$""")]
    private static partial Regex LinkPattern();
}
