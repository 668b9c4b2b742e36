using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Catalog;

/// <summary>Catalog requests filtered by an EDC QuerySpec, as EDC consumers always send one: paging honoured, the rest refused with a reason.</summary>
public sealed class CatalogQueryTests : IAsyncLifetime
{
    private const string Contexts = """["https://w3id.org/dspace/2025/1/context.jsonld", "https://w3id.org/edc/dspace/v0.0.1"]""";
    private CatalogHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await CatalogHarness.StartAsync(pageSize: 4);
        await _harness.AddPolicyAsync("open", CatalogHarness.OpenPolicy());
        await _harness.AddPolicyAsync("gold", CatalogHarness.PolicyWith(CatalogHarness.Claim("MembershipCredential.level", "eq", "gold")));
        for (var i = 0; i < 7; i++)
        {
            await _harness.AddAssetAsync($"asset-{i}");
            // asset-3 is for gold members only: the offset counts only what the requester sees.
            await _harness.AddOfferAsync($"offer-{i}", $"asset-{i}", i == 3 ? "gold" : "open");
        }
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(0, 50, "asset-0,asset-1,asset-2,asset-4")] // the limit never exceeds the configured page size
    [InlineData(0, 2, "asset-0,asset-1")]
    [InlineData(2, 2, "asset-2,asset-4")]
    [InlineData(4, 50, "asset-5,asset-6")]
    [InlineData(6, 50, "")]
    public async Task CatalogRequest_EdcQuerySpec_PagesByOffsetAndLimit(int offset, int limit, string expected)
    {
        var (status, body) = await RequestAsync($$"""{ "@type": "QuerySpec", "offset": {{offset}}, "limit": {{limit}}, "sortOrder": "ASC", "filterExpression": [] }""");

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        var datasets = JsonNode.Parse(body)!["dataset"]?.AsArray().Select(d => d!["@id"]!.GetValue<string>()) ?? [];
        Assert.Equal(expected, string.Join(',', datasets));
    }

    [Theory]
    [InlineData("""{ "@type": "QuerySpec", "limit": 50, "filterExpression": [ { "@type": "Criterion", "operandLeft": "id", "operator": "=", "operandRight": "asset-1" } ] }""", "filterExpression")]
    [InlineData("""{ "@type": "QuerySpec", "limit": 50, "sortOrder": "DESC", "filterExpression": [] }""", "sortOrder")]
    [InlineData("""{ "@type": "QuerySpec", "limit": 50, "sortField": "title", "filterExpression": [] }""", "sortField")]
    [InlineData("""{ "@type": "QuerySpec", "limit": 0, "filterExpression": [] }""", "limit")]
    [InlineData("""{ "@type": "QuerySpec", "offset": -1, "filterExpression": [] }""", "offset")]
    [InlineData("""{ "@type": "QuerySpec", "offset": "many", "filterExpression": [] }""", "offset")]
    [InlineData("""{ "@type": "Criterion", "operandLeft": "id", "operator": "=", "operandRight": "asset-1" }""", "QuerySpec")]
    public async Task CatalogRequest_FilterItCannotApply_Is400WithTheReason(string filter, string named)
    {
        var (status, body) = await RequestAsync(filter);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JsonNode.Parse(body)!;
        Assert.Equal("CatalogError", error["@type"]!.GetValue<string>());
        Assert.Equal("unsupported-filter", error["code"]!.GetValue<string>());
        Assert.Contains(named, error.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> RequestAsync(string filter)
    {
        var connector = _harness.Connector;
        using var request = new HttpRequestMessage(HttpMethod.Post, connector.BaseAddress + "/api/dsp/catalog/request")
        {
            Content = new StringContent($$"""{ "@type": "CatalogRequestMessage", "filter": [ {{filter}} ], "@context": {{Contexts}} }""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "consumer-secret-token");
        using var response = await connector.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
