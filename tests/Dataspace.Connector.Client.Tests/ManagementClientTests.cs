using System.Net;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client.Tests;

/// <summary>The client against one real connector: publishing resources, paging, and refusals carrying the connector's reason.</summary>
public sealed class ManagementClientTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private TestConnector _connector = null!;

    public async Task InitializeAsync() =>
        _connector = await TestConnector.StartAsync(_temp.Sub("data"), settings: new Dictionary<string, string?> { ["Connector:ParticipantId"] = "did:web:solo.example" });

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task GetInfo_ReturnsTheParticipantAndTheLoadedDataSourceTypes()
    {
        var info = await _connector.Client.GetInfoAsync();
        var plugins = await _connector.Client.ListPluginsAsync();

        Assert.Equal("did:web:solo.example", info.ParticipantId);
        Assert.Contains("FileSystem", info.DataSourceTypes);
        Assert.EndsWith("/api/management/v1", info.Endpoints.Management, StringComparison.Ordinal);
        var fileSystem = Assert.Single(plugins, p => p.Id == "dataspace.storage.filesystem");
        Assert.Equal("loaded", fileSystem.Status);
        Assert.Equal("loaded", (await _connector.Client.GetPluginAsync("dataspace.storage.filesystem")).Status);
    }

    [Fact]
    public async Task AssetsPoliciesOffers_CreateListGetDelete_RoundTrip()
    {
        var client = _connector.Client;
        var asset = await client.CreateAssetAsync(new AssetInput("weather-2026", new JsonObject { ["title"] = "Weather" }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = "w.csv" })));
        await client.CreateAssetAsync(new AssetInput("other", null, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = "o.csv" })));
        var policy = await client.CreatePolicyAsync(new PolicyInput("open", ConnectorPair.OpenPolicy()));
        var offer = await client.CreateOfferAsync(new OfferInput(null, asset.Id, policy.Id, policy.Id));

        Assert.Equal("weather-2026", (await client.GetAssetAsync("weather-2026")).Id);
        Assert.Equal("w.csv", (await client.GetAssetAsync("weather-2026")).DataAddress.Properties!["path"]);
        var page = await client.ListAssetsAsync(offset: 0, limit: 1);
        Assert.Equal(2, page.Total);
        Assert.Single(page.Items);
        Assert.Equal(["weather-2026"], (await client.ListAssetsAsync(idPrefix: "weather")).Items.Select(a => a.Id));
        Assert.Equal("Set", (await client.GetPolicyAsync("open")).Policy["@type"]!.GetValue<string>());
        Assert.Equal(1, (await client.ListPoliciesAsync()).Total);
        Assert.Equal(offer.Id, Assert.Single((await client.ListOffersAsync(assetId: asset.Id)).Items).Id);
        Assert.Equal(asset.Id, (await client.GetOfferAsync(offer.Id)).AssetId);

        var updated = await client.UpdateAssetAsync(asset.Id, new AssetInput(null, new JsonObject { ["title"] = "Weather v2" }, asset.DataAddress));
        Assert.Equal("Weather v2", updated.Properties["title"]!.GetValue<string>());

        var inUse = await Assert.ThrowsAsync<ManagementApiException>(() => client.DeleteAssetAsync(asset.Id));
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Equal("asset 'weather-2026' is offered; delete its offers first", inUse.Detail);

        await client.DeleteOfferAsync(offer.Id);
        await client.DeleteAssetAsync(asset.Id);
        await client.DeletePolicyAsync(policy.Id);
        Assert.Equal(0, (await client.ListOffersAsync()).Total);
        Assert.Equal(["other"], (await client.ListAssetsAsync()).Items.Select(a => a.Id));
        Assert.Equal(0, (await client.ListPoliciesAsync()).Total);
    }

    [Fact]
    public async Task GetAsset_Unknown_ThrowsNotFoundWithTheDetail()
    {
        var e = await Assert.ThrowsAsync<ManagementApiException>(() => _connector.Client.GetAssetAsync("missing"));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("no asset 'missing'", e.Detail);
        Assert.Equal("GET /assets/missing", e.Request);
        Assert.StartsWith("no asset 'missing' (404 Not Found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePolicy_Invalid_ThrowsBadRequestNamingTheProblem()
    {
        var broken = ConnectorPair.OpenPolicy();
        broken["permission"]![0]!["constraints"] = new JsonArray();

        var e = await Assert.ThrowsAsync<ManagementApiException>(() => _connector.Client.CreatePolicyAsync(new PolicyInput("broken", broken)));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.StartsWith("the policy is invalid: ", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsset_UnknownAddressType_ThrowsBadRequestListingTheLoadedTypes()
    {
        var e = await Assert.ThrowsAsync<ManagementApiException>(() =>
            _connector.Client.CreateAssetAsync(new AssetInput("x", null, new DataAddress("Carrier-Pigeon", null))));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains("no data source handles address type 'Carrier-Pigeon'", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_WrongApiKey_ThrowsUnauthorizedWithTheReason()
    {
        var client = new ManagementClient(_connector.Http, "not-the-key");

        var e = await Assert.ThrowsAsync<ManagementApiException>(() => client.ListAssetsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("the X-Api-Key header does not hold this connector's API key", e.Detail);
    }

    [Fact]
    public async Task ListNegotiations_UnknownState_ThrowsBadRequestListingTheStates()
    {
        var e = await Assert.ThrowsAsync<ManagementApiException>(() => _connector.Client.ListNegotiationsAsync(state: "DONE"));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains("FINALIZED", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_BaseAddressWithTheApiPath_CallsTheSameApi()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_connector.BaseAddress + "/api/management/v1/") };
        var client = new ManagementClient(http, _connector.ApiKey);

        Assert.Equal("did:web:solo.example", (await client.GetInfoAsync()).ParticipantId);
        Assert.Equal(new Uri(_connector.BaseAddress + "/api/management/v1/"), client.ApiAddress);
    }

    [Fact]
    public void Client_WithoutBaseAddress_IsRefusedSayingWhatIsMissing()
    {
        using var http = new HttpClient();

        var e = Assert.Throws<ArgumentException>(() => new ManagementClient(http, "key"));

        Assert.Contains("BaseAddress", e.Message, StringComparison.Ordinal);
    }
}
