using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Catalog;

/// <summary>A real provider connector whose catalog is asked for in-process, for callers with any verified claims.</summary>
internal sealed class CatalogHarness : IAsyncDisposable
{
    private readonly TempDirectory _temp;
    private readonly int _pageSize;

    private CatalogHarness(TempDirectory temp, TestConnector connector, int pageSize)
    {
        _temp = temp;
        _pageSize = pageSize;
        Connector = connector;
    }

    public TestConnector Connector { get; private set; }

    public string DataDirectory => _temp.Sub("provider");

    public CatalogService Catalog => Connector.App.Services.GetRequiredService<CatalogService>();

    public IOfferStore Offers => Connector.App.Services.GetRequiredService<IOfferStore>();

    public IPolicyDefinitionStore Policies => Connector.App.Services.GetRequiredService<IPolicyDefinitionStore>();

    public ConnectorDatabase Database => Connector.App.Services.GetRequiredService<ConnectorDatabase>();

    public static async Task<CatalogHarness> StartAsync(int pageSize = 100)
    {
        var temp = new TempDirectory();
        return new CatalogHarness(temp, await StartConnectorAsync(temp.Sub("provider"), pageSize), pageSize);
    }

    /// <summary>Stops the connector and starts it again on the same data folder.</summary>
    public async Task RestartAsync()
    {
        await Connector.DisposeAsync();
        Connector = await StartConnectorAsync(DataDirectory, _pageSize);
    }

    public async Task AddAssetAsync(string id)
    {
        var stored = await Connector.App.Services.GetRequiredService<IAssetStore>().CreateAsync(
            new Asset(id, new JsonObject { ["title"] = "Data " + id }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = id }), DateTimeOffset.UtcNow),
            CancellationToken.None);
        Assert.True(stored, $"asset {id} exists already");
    }

    public async Task AddPolicyAsync(string id, JsonObject policy)
    {
        var errors = await Connector.App.Services.GetRequiredService<PolicyService>().ValidateAsync(policy, CancellationToken.None);
        Assert.True(errors.Count == 0, $"policy {id} is invalid: {string.Join("; ", errors)}: {policy.ToJsonString()}");
        Assert.True(await Policies.CreateAsync(new PolicyDefinition(id, policy, DateTimeOffset.UtcNow), CancellationToken.None), $"policy {id} exists already");
    }

    public async Task AddOfferAsync(string id, string assetId, string accessPolicyId, string contractPolicyId = "open")
    {
        var error = await Offers.CreateAsync(new OfferDefinition(id, assetId, accessPolicyId, contractPolicyId, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Null(error);
    }

    /// <summary>Every page of the caller's catalog, following next tokens: (dataset id, offer ids) in order.</summary>
    public async Task<List<(string Dataset, string[] Offers)>> VisibleAsync(VerifiedCaller caller, bool evaluateEveryOffer = false)
    {
        var catalog = Catalog;
        catalog.EvaluateEveryOffer = evaluateEveryOffer;
        try
        {
            var result = new List<(string, string[])>();
            string? token = null;
            do
            {
                var page = await catalog.BuildPageAsync(caller, token, CancellationToken.None) ?? throw new InvalidOperationException($"token {token} refused");
                Assert.InRange(page.Catalog.Dataset!.Count, token is null ? 0 : 1, _pageSize);
                result.AddRange(page.Catalog.Dataset!.Select(d => (d.Id!, d.HasPolicy!.Select(p => p.Id!).ToArray())));
                token = page.Next;
            }
            while (token is not null);
            return result;
        }
        finally
        {
            catalog.EvaluateEveryOffer = false;
        }
    }

    public static VerifiedCaller Caller(string did, string claimsByType) =>
        new()
        {
            Did = did,
            Credentials = [.. JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(claimsByType)!.Select(c => new VerifiedCredential
            {
                Types = ["VerifiableCredential", c.Key],
                Issuer = "did:web:authority.example",
                Claims = c.Value,
            })],
        };

    public static JsonObject OpenPolicy() => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
    };

    public static JsonObject PolicyWith(params JsonNode[] constraints) => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use", ["constraint"] = new JsonArray(constraints) }),
    };

    public static JsonObject Claim(string leftOperand, string op, JsonNode right) =>
        new() { ["leftOperand"] = "claim:" + leftOperand, ["operator"] = op, ["rightOperand"] = right };

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync();
        _temp.Dispose();
    }

    private static async Task<TestConnector> StartConnectorAsync(string dataDirectory, int pageSize)
    {
        var connector = await TestConnector.StartAsync(dataDirectory, settings: new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:provider.example",
            ["Connector:Dsp:StaticTokens:consumer-secret-token"] = "did:web:consumer.example",
            ["Connector:Catalog:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return connector;
    }
}
