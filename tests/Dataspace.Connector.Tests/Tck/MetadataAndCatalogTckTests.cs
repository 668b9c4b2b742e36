using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Tck;

/// <summary>The DSP TCK's metadata (MET:01-01) and catalog (CAT:01-01 to 01-03) cases against our connector in TCK mode.</summary>
public sealed class MetadataAndCatalogTckTests
{
    [Fact]
    public async Task MET_01_01_VersionMetadata_Lists2025_1WithPathAndBinding()
    {
        await using var tck = await TckConnector.StartAsync();
        var metadata = await tck.Peer.GetVersionAsync();
        var versions = metadata["protocolVersions"]!.AsArray();
        Assert.Contains(versions, v => v!["version"]?.GetValue<string>() == "2025-1" && v["path"] is not null && v["binding"] is not null);
    }

    [Fact]
    public async Task CAT_01_01_CatalogRequest_ListsTheFixtureDataset()
    {
        await using var tck = await TckConnector.StartAsync();
        var catalog = await tck.Peer.PostAsync("/catalog/request", TckMessages.CatalogRequest());
        Assert.Equal("Catalog", catalog["@type"]?.GetValue<string>());
        var datasets = catalog["dataset"]!.AsArray();
        Assert.Contains(datasets, d => d!["@id"]?.GetValue<string>() == "CAT0101");
    }

    [Fact]
    public async Task CAT_01_02_DatasetRequest_ReturnsTheFixtureDataset()
    {
        await using var tck = await TckConnector.StartAsync();
        var (status, dataset) = await tck.Peer.GetAsync("/catalog/datasets/CAT0102");
        Assert.Equal(200, status);
        Assert.Equal("CAT0102", dataset["@id"]?.GetValue<string>());
        Assert.NotEmpty(dataset["hasPolicy"]!.AsArray());
    }

    [Fact]
    public async Task CAT_01_03_DatasetRequest_Unknown_IsACatalogError()
    {
        await using var tck = await TckConnector.StartAsync();
        var (status, error) = await tck.Peer.GetAsync("/catalog/datasets/CAT0103");
        Assert.Equal(404, status);
        var type = error["@type"];
        Assert.Equal("CatalogError", type is JsonArray array ? array[0]?.GetValue<string>() : type?.GetValue<string>());
    }
}
