using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client.Tests;

/// <summary>A provider and a consumer connector on loopback that know each other by static DSP tokens.</summary>
internal sealed class ConnectorPair : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private ConnectorPair(TempDirectory temp, TestConnector provider, TestConnector consumer)
    {
        _temp = temp;
        Provider = provider;
        Consumer = consumer;
    }

    public TestConnector Provider { get; }

    public TestConnector Consumer { get; }

    public string ProviderFiles => Path.Combine(Provider.DataDirectory, "plugins", "dataspace.storage.filesystem", "files");

    public static async Task<ConnectorPair> StartAsync()
    {
        var temp = new TempDirectory();
        var provider = await TestConnector.StartAsync(temp.Sub("provider"), new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:provider.example",
            ["Connector:Dsp:StaticTokens:consumer-secret-token"] = "did:web:consumer.example",
            ["Connector:Dsp:OutboundToken"] = "provider-secret-token",
        });
        var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:consumer.example",
            ["Connector:Dsp:StaticTokens:provider-secret-token"] = "did:web:provider.example",
            ["Connector:Dsp:OutboundToken"] = "consumer-secret-token",
        });
        return new ConnectorPair(temp, provider, consumer);
    }

    public static JsonObject OpenPolicy() => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
    };

    public static JsonObject ClaimPolicy(string credentialType, string claim, string value) => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject
        {
            ["action"] = "use",
            ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = $"claim:{credentialType}.{claim}", ["operator"] = "eq", ["rightOperand"] = value }),
        }),
    };

    /// <summary>Publishes a file as an asset with an offer through the client; returns the offer.</summary>
    public async Task<Offer> PublishAsync(string assetId, byte[] content, JsonObject contractPolicy)
    {
        Directory.CreateDirectory(ProviderFiles);
        await File.WriteAllBytesAsync(Path.Combine(ProviderFiles, assetId + ".csv"), content);
        var client = Provider.Client;
        await client.CreateAssetAsync(new AssetInput(assetId, new JsonObject { ["title"] = "Test data " + assetId }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = assetId + ".csv" })));
        await client.CreatePolicyAsync(new PolicyInput(assetId + "-access", OpenPolicy()));
        await client.CreatePolicyAsync(new PolicyInput(assetId + "-contract", contractPolicy));
        return await client.CreateOfferAsync(new OfferInput(assetId + "-offer", assetId, assetId + "-access", assetId + "-contract"));
    }

    public async ValueTask DisposeAsync()
    {
        await Consumer.DisposeAsync();
        await Provider.DisposeAsync();
        _temp.Dispose();
    }
}
