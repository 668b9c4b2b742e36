using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client.Tests;

/// <summary>Publishing through the typed client under test, rather than the kit's raw management calls.</summary>
internal static class ConnectorPairPublishing
{
    /// <summary>Publishes a file as an asset with an open access policy and an offer through the client; returns the offer.</summary>
    public static async Task<Offer> PublishAsync(this ConnectorPair pair, string assetId, byte[] content, JsonObject contractPolicy)
    {
        Directory.CreateDirectory(pair.ProviderFiles);
        await File.WriteAllBytesAsync(Path.Combine(pair.ProviderFiles, assetId + ".csv"), content);
        var client = pair.Provider.Client;
        await client.CreateAssetAsync(new AssetInput(assetId, new JsonObject { ["title"] = "Test data " + assetId }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = assetId + ".csv" })));
        await client.CreatePolicyAsync(new PolicyInput(assetId + "-access", ConnectorPair.OpenPolicy()));
        await client.CreatePolicyAsync(new PolicyInput(assetId + "-contract", contractPolicy));
        return await client.CreateOfferAsync(new OfferInput(assetId + "-offer", assetId, assetId + "-access", assetId + "-contract"));
    }
}
