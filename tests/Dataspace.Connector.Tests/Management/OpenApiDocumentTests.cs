using System.Net;
using System.Text.Json.Nodes;
using Dataspace.Testing;

namespace Dataspace.Connector.Tests.Management;

/// <summary>The management API's contract is the document checked into docs/openapi; a change to it must be deliberate.</summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OpenApiDocument_MatchesTheCheckedInContract()
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"));

        var served = JsonNode.Parse(await connector.Http.GetStringAsync("/api/management/v1/openapi.json"))!;
        var checkedIn = Path.Combine(RepositoryPaths.Root, "docs", "openapi", "management-v1.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(checkedIn, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(File.Exists(checkedIn), $"{checkedIn} is missing; run the tests with UPDATE_OPENAPI=1 to write it");
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(checkedIn))!;
        Assert.True(
            JsonNode.DeepEquals(expected, served),
            "the served OpenAPI document differs from docs/openapi/management-v1.json; if the API change is intended, run the tests with UPDATE_OPENAPI=1 and commit the document");
    }

    [Fact]
    public async Task OpenApiDocument_DeclaresTheApiKeyScheme()
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"));

        var document = JsonNode.Parse(await connector.Http.GetStringAsync("/api/management/v1/openapi.json"))!;

        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/management/v1/plugins"]);
        Assert.Null(document["paths"]!["/health/ready"]);
    }

    [Fact]
    public async Task ApiReference_IsBrowsableWithoutTheKey()
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"));

        using var response = await connector.Http.GetAsync("/api/management/docs/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("openapi.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
