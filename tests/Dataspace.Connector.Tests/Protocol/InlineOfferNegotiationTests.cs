using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// POST /negotiations with the offer from a catalog the caller already holds: no catalog request per negotiation, and
/// the provider still checks the offer.
/// </summary>
public sealed class InlineOfferNegotiationTests
{
    [Fact]
    public async Task Negotiation_OfferGivenInline_IsFinalizedWithoutAnotherCatalogRequest()
    {
        var catalogRequests = 0;
        await using var pair = await ConnectorPair.StartAsync(providerSettings: null, configure: app => app.Use(async (context, next) =>
        {
            if (context.Request.Path.Value?.EndsWith("/catalog/request", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref catalogRequests);
            }

            await next(context);
        }));
        var offerId = await pair.PublishAsync("air-quality", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var (dataset, policy) = await OfferAsync(pair, offerId);
        var before = Volatile.Read(ref catalogRequests);

        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId, counterPartyId = "did:web:provider.example", policy, datasetId = dataset });
        var consumerSide = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED", "TERMINATED");

        Assert.Equal("FINALIZED", consumerSide["state"]!.GetValue<string>());
        Assert.Equal("air-quality", consumerSide["assetId"]!.GetValue<string>());
        Assert.Equal(before, Volatile.Read(ref catalogRequests));
        var agreement = await pair.ConsumerGetAsync("/agreements/" + Uri.EscapeDataString(consumerSide["agreementId"]!.GetValue<string>()));
        Assert.Equal("air-quality", agreement["policy"]!["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task Negotiation_InlineOfferWithOtherRules_IsRefusedByTheProviderAndTerminated()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var open = await pair.PublishAsync("open-data", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var licensed = await pair.PublishAsync("credit-data", [2], ConnectorPair.OpenPolicy(), ConnectorPair.ClaimPolicy("FinanceSubspaceCredential", "licence", "bank"));
        var catalog = await pair.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = pair.ProviderDsp });
        var openPolicy = catalog["datasets"]!.AsArray().SelectMany(d => d!["offers"]!.AsArray()).Single(o => o!["id"]!.GetValue<string>() == open)!["policy"]!.DeepClone().AsObject();
        openPolicy.Remove("@id");
        openPolicy.Remove("target");

        // The licensed offer's id with the open offer's rules: the provider compares the rules with its own offer.
        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId = licensed, counterPartyId = "did:web:provider.example", policy = openPolicy, datasetId = "credit-data" });
        var consumerSide = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED", "TERMINATED");

        Assert.Equal("TERMINATED", consumerSide["state"]!.GetValue<string>());
        Assert.Contains("ContractRequestMessage could not be delivered: peer answered 400", consumerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, (await pair.ProviderGetAsync("/negotiations"))["total"]!.GetValue<long>());
        Assert.Equal(0, (await pair.ProviderGetAsync("/agreements"))["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(null, "air-quality", "'counterPartyId'")]
    [InlineData("did:web:provider.example", null, "'datasetId'")]
    [InlineData("did:web:provider.example", "other-dataset", "targets 'air-quality', not the 'datasetId' 'other-dataset'")]
    public async Task Negotiation_InlineOfferIncomplete_IsRefusedWithTheReason(string? counterPartyId, string? datasetId, string expected)
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("air-quality", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var (_, policy) = await OfferAsync(pair, offerId);
        policy["target"] = "air-quality";

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId, counterPartyId, policy, datasetId }));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await pair.ConsumerGetAsync("/negotiations"))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Negotiation_InlineOfferForAnotherOfferId_IsRefused()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("air-quality", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var (dataset, policy) = await OfferAsync(pair, offerId);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId = "another-offer", counterPartyId = "did:web:provider.example", policy, datasetId = dataset }));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains($"'policy' is offer '{offerId}', not the 'offerId' 'another-offer'", e.Message, StringComparison.Ordinal);
    }

    private static async Task<(string Dataset, JsonObject Policy)> OfferAsync(ConnectorPair pair, string offerId)
    {
        var catalog = await pair.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = pair.ProviderDsp });
        var dataset = Assert.Single(catalog["datasets"]!.AsArray())!;
        var offer = Assert.Single(dataset["offers"]!.AsArray(), o => o!["id"]!.GetValue<string>() == offerId)!;
        return (dataset["id"]!.GetValue<string>(), offer["policy"]!.DeepClone().AsObject());
    }
}
