using System.Net;
using Dataspace.Connector.Tests.Protocol;

namespace Dataspace.Connector.Tests.Management;

/// <summary>What a new user of the management API needs: the DSP endpoint to give others, and refusals naming the wrong id.</summary>
public sealed class FirstUseEndpointsTests
{
    [Fact]
    public async Task Info_NamesTheDspEndpointOtherConnectorsUse()
    {
        await using var pair = await ConnectorPair.StartAsync();

        var info = await pair.ProviderGetAsync("/info");

        Assert.Equal(pair.ProviderDsp, info["endpoints"]!["dsp"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("no-such-asset", "air-access", "air-contract", "the asset 'no-such-asset' does not exist")]
    [InlineData("air", "no-such-access", "air-contract", "the access policy 'no-such-access' does not exist")]
    [InlineData("air", "air-access", "no-such-contract", "the contract policy 'no-such-contract' does not exist")]
    public async Task CreateOffer_UnknownAssetOrPolicy_Is400NamingIt(string assetId, string accessPolicyId, string contractPolicyId, string reason)
    {
        await using var pair = await ConnectorPair.StartAsync();
        await pair.PublishAsync("air", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ProviderPostAsync("/offers", new { id = "new-offer", assetId, accessPolicyId, contractPolicyId }));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        var offers = await pair.ProviderGetAsync("/offers");
        Assert.Equal(1, offers["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task CatalogRequest_ConnectorRootInsteadOfDspEndpoint_SaysWhichUrlToUse()
    {
        await using var pair = await ConnectorPair.StartAsync();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = pair.Provider.BaseAddress }));

        Assert.Equal(HttpStatusCode.BadGateway, e.StatusCode);
        Assert.Contains("is not a DSP endpoint", e.Message, StringComparison.Ordinal);
        Assert.Contains($"most likely {pair.ProviderDsp}", e.Message, StringComparison.Ordinal);
    }
}
