namespace Dataspace.Connector.Testing.Tests;

public sealed class ConnectorPairTests
{
    [Fact]
    public async Task Negotiation_OpenOffer_IsFinalizedOnBothSides()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("kit-data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());

        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var consumerSide = await pair.Consumer.WaitForStateAsync("/negotiations/" + started["id"]!.GetValue<string>(), ["FINALIZED", "TERMINATED"]);

        Assert.Equal("FINALIZED", consumerSide["state"]!.GetValue<string>());
        var providerSide = await pair.WaitForStateAsync(pair.Provider, pair.ProviderKey, "/negotiations/" + consumerSide["providerPid"]!.GetValue<string>(), "FINALIZED");
        Assert.Equal(consumerSide["agreementId"]!.GetValue<string>(), providerSide["agreementId"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartAsync_CustomIdsAndTokens_CatalogNamesTheProvider()
    {
        await using var pair = await ConnectorPair.StartAsync(new ConnectorPairOptions
        {
            ProviderId = "did:web:vendor-provider.example",
            ConsumerId = "did:web:vendor-consumer.example",
            ProviderToken = "p-" + Guid.NewGuid().ToString("N"),
            ConsumerToken = "c-" + Guid.NewGuid().ToString("N"),
        });

        var catalog = await pair.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = pair.ProviderDsp });

        Assert.Equal("did:web:vendor-provider.example", catalog["participantId"]!.GetValue<string>());
    }

    [Fact]
    public async Task WaitForStateAsync_ConnectorOfAnotherPair_IsRefused()
    {
        await using var pair = await ConnectorPair.StartAsync();
        using var temp = new TempDirectory();
        await using var stranger = await TestConnector.StartAsync(temp.Sub("stranger"));

        await Assert.ThrowsAsync<ArgumentException>(() => pair.WaitForStateAsync(stranger, stranger.ApiKey, "/negotiations/x", "FINALIZED"));
    }

    [Fact]
    public async Task DisposeAsync_RemovesBothDataFolders()
    {
        var pair = await ConnectorPair.StartAsync();
        var (provider, consumer) = (pair.ProviderData, pair.ConsumerData);
        Assert.True(Directory.Exists(provider));

        await pair.DisposeAsync();

        Assert.False(Directory.Exists(provider));
        Assert.False(Directory.Exists(consumer));
    }
}
