using System.Net;
using System.Security.Cryptography;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>Two real connectors on loopback: catalog, negotiation to FINALIZED, agreement on both sides, refusals with reasons.</summary>
public sealed class NegotiationFlowTests
{
    [Fact]
    public async Task Negotiation_OpenOffer_IsFinalizedWithTheSameAgreementOnBothSides()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("air-quality", RandomNumberGenerator.GetBytes(1000), ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());

        var catalog = await pair.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = pair.ProviderDsp });
        Assert.Equal("did:web:provider.example", catalog["participantId"]!.GetValue<string>());
        var dataset = Assert.Single(catalog["datasets"]!.AsArray())!;
        Assert.Equal("air-quality", dataset["id"]!.GetValue<string>());
        Assert.Equal(offerId, dataset["offers"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("Test data air-quality", dataset["properties"]!["dct:title"]!.GetValue<string>());

        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var consumerSide = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED", "TERMINATED");

        Assert.Equal("FINALIZED", consumerSide["state"]!.GetValue<string>());
        var agreementId = consumerSide["agreementId"]!.GetValue<string>();
        var providerSide = await pair.WaitForStateAsync(pair.Provider, pair.ProviderKey, "/negotiations/" + consumerSide["providerPid"]!.GetValue<string>(), "FINALIZED");
        Assert.Equal(agreementId, providerSide["agreementId"]!.GetValue<string>());
        var providerAgreement = await pair.ProviderGetAsync("/agreements/" + Uri.EscapeDataString(agreementId));
        var consumerAgreement = await pair.ConsumerGetAsync("/agreements/" + Uri.EscapeDataString(agreementId));
        Assert.Equal("did:web:provider.example", providerAgreement["policy"]!["assigner"]!.GetValue<string>());
        Assert.Equal("did:web:consumer.example", providerAgreement["policy"]!["assignee"]!.GetValue<string>());
        Assert.Equal("air-quality", consumerAgreement["policy"]!["target"]!.GetValue<string>());
        Assert.NotNull(consumerAgreement["policy"]!["timestamp"]);
    }

    [Fact]
    public async Task Negotiation_ContractPolicyNotMet_IsTerminatedWithThePolicyReason()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("credit-data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.ClaimPolicy("FinanceSubspaceCredential", "licence", "bank"));

        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var consumerSide = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED", "TERMINATED");

        Assert.Equal("TERMINATED", consumerSide["state"]!.GetValue<string>());
        Assert.Contains("policy-denied", consumerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("does not permit did:web:consumer.example", consumerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var agreements = await pair.ProviderGetAsync("/agreements");
        Assert.Equal(0, agreements["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Catalog_AccessPolicyNotMet_HidesTheOffer()
    {
        await using var pair = await ConnectorPair.StartAsync();
        await pair.PublishAsync("public-data", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        await pair.PublishAsync("members-data", [2], ConnectorPair.ClaimPolicy("MembershipCredential", "dataspace", "did:web:city.example"), ConnectorPair.OpenPolicy());

        var catalog = await pair.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = pair.ProviderDsp });

        var dataset = Assert.Single(catalog["datasets"]!.AsArray())!;
        Assert.Equal("public-data", dataset["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Negotiation_OfferHiddenFromTheConsumer_IsRefused()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("members-data", [2], ConnectorPair.ClaimPolicy("MembershipCredential", "dataspace", "did:web:city.example"), ConnectorPair.OpenPolicy());

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId }));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains($"no offer '{offerId}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiation_OperatorTerminates_BothSidesEndTerminated()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("stream", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var id = started["id"]!.GetValue<string>();
        var finalized = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + id, "FINALIZED");

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ConsumerPostAsync($"/negotiations/{id}/terminate", new { reason = "changed my mind" }));

        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Contains("already FINALIZED", e.Message, StringComparison.Ordinal);
        Assert.Equal("FINALIZED", finalized["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token-we-know")]
    public async Task DspNegotiationAndTransferEndpoints_UnauthorizedCaller_Gets404WithTheReasonInTheBody(string? authorization)
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("secret-data", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var finalized = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED");

        foreach (var path in new[] { "/negotiations/" + finalized["providerPid"]!.GetValue<string>(), "/transfers/urn:uuid:unknown" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, pair.ProviderDsp + path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await pair.Provider.Http.SendAsync(request);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(path.StartsWith("/transfers", StringComparison.Ordinal) ? "TransferError" : "ContractNegotiationError", body["@type"]!.GetValue<string>());
            Assert.Equal("unauthorized", body["code"]!.GetValue<string>());
        }
    }
}
