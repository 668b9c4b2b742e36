using System.Net;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A first contract or transfer request whose consumerPid the provider already holds. DSP 2025-1 asks providers to be
/// idempotent for the consumer's original message sent again (a retry after a lost answer): it gets the same process.
/// A request that differs reuses the id for something else: 409 with the endpoint's DSP error and the reason, and the
/// stored process is left exactly as it was.
/// </summary>
public sealed class RepeatedRequestTests
{
    [Fact]
    public async Task InitialContractRequest_SentAgainUnchanged_AnswersTheSameNegotiation()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var request = peer.InitialRequest().ToJsonString();

        var (firstStatus, first) = await peer.PostAsync("provider", "/negotiations/request", request, "application/json");
        var (againStatus, again) = await peer.PostAsync("provider", "/negotiations/request", request, "application/json");

        Assert.Equal(HttpStatusCode.Created, firstStatus);
        Assert.Equal(HttpStatusCode.Created, againStatus);
        Assert.Equal(ProviderPid(first), ProviderPid(again));
        Assert.Equal(2, (await peer.Pair.ProviderGetAsync("/negotiations"))["total"]!.GetValue<long>()); // the finalized one and this
    }

    [Theory]
    [InlineData("another offer")]
    [InlineData("another target")]
    [InlineData("other rules")]
    [InlineData("another callback")]
    public async Task InitialContractRequest_SameConsumerPidButDifferent_IsRefusedWith409AndTheNegotiationIsUnchanged(string difference)
    {
        await using var peer = await FinalizedPeer.StartAsync();
        await peer.Pair.PublishAsync("other", [4], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var original = peer.InitialRequest();
        var (_, created) = await peer.PostAsync("provider", "/negotiations/request", original.ToJsonString(), "application/json");
        var providerPid = ProviderPid(created);
        // Agreed first (its agreement then waits for a callback nobody answers), so nothing of its own moves it meanwhile.
        var before = (await peer.Pair.WaitForStateAsync(peer.Pair.Provider, peer.Pair.ProviderKey, "/negotiations/" + providerPid, "AGREED")).ToJsonString();
        var conflicting = original.DeepClone().AsObject();
        switch (difference)
        {
            case "another offer":
                conflicting["offer"]!["@id"] = "other-offer";
                conflicting["offer"]!["target"] = "other";
                break;
            case "another target":
                conflicting["offer"]!["target"] = "other";
                break;
            case "other rules":
                conflicting["offer"]!["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }, new JsonObject { ["action"] = "read" });
                break;
            default:
                conflicting["callbackAddress"] = "http://127.0.0.1:10/api/dsp";
                break;
        }

        var (status, error) = await peer.PostAsync("provider", "/negotiations/request", conflicting.ToJsonString(), "application/json");

        Assert.Equal(HttpStatusCode.Conflict, status);
        var reason = peer.AssertError("/negotiations/request", error, difference);
        Assert.Contains(original["consumerPid"]!.GetValue<string>(), reason, StringComparison.Ordinal);
        Assert.Contains(providerPid, reason, StringComparison.Ordinal);
        Assert.Equal(before, await StoredNegotiationAsync(peer, providerPid));
        Assert.Equal(2, (await peer.Pair.ProviderGetAsync("/negotiations"))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task TransferRequest_SentAgainUnchanged_AnswersTheSameTransfer()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var request = TransferRequest(peer).ToJsonString();

        var (firstStatus, first) = await peer.PostAsync("provider", "/transfers/request", request, "application/json");
        var (againStatus, again) = await peer.PostAsync("provider", "/transfers/request", request, "application/json");

        Assert.Equal(HttpStatusCode.Created, firstStatus);
        Assert.Equal(HttpStatusCode.Created, againStatus);
        Assert.Equal(ProviderPid(first), ProviderPid(again));
        Assert.Equal(1, (await peer.Pair.ProviderGetAsync("/transfers"))["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("another agreement")]
    [InlineData("another format")]
    [InlineData("another callback")]
    [InlineData("a data address")]
    public async Task TransferRequest_SameConsumerPidButDifferent_IsRefusedWith409AndTheTransferIsUnchanged(string difference)
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var original = TransferRequest(peer);
        var (_, created) = await peer.PostAsync("provider", "/transfers/request", original.ToJsonString(), "application/json");
        var providerPid = ProviderPid(created);
        // Started first, so nothing of its own moves the transfer while the conflicting request arrives.
        var before = (await peer.Pair.WaitForStateAsync(peer.Pair.Provider, peer.Pair.ProviderKey, "/transfers/" + providerPid, "STARTED")).ToJsonString();
        var conflicting = original.DeepClone().AsObject();
        switch (difference)
        {
            case "another agreement":
                conflicting["agreementId"] = "urn:uuid:another-agreement";
                break;
            case "another format":
                conflicting["format"] = "HttpData-PUSH";
                conflicting["dataAddress"] = PushAddress();
                break;
            case "another callback":
                conflicting["callbackAddress"] = "http://127.0.0.1:10/api/dsp";
                break;
            default:
                conflicting["dataAddress"] = PushAddress();
                break;
        }

        var (status, error) = await peer.PostAsync("provider", "/transfers/request", conflicting.ToJsonString(), "application/json");

        Assert.Equal(HttpStatusCode.Conflict, status);
        var reason = peer.AssertError("/transfers/request", error, difference);
        Assert.Contains(original["consumerPid"]!.GetValue<string>(), reason, StringComparison.Ordinal);
        Assert.Equal(before, (await peer.Pair.ProviderGetAsync("/transfers/" + providerPid)).ToJsonString());
        Assert.Equal(1, (await peer.Pair.ProviderGetAsync("/transfers"))["total"]!.GetValue<long>());
    }

    private static JsonObject TransferRequest(FinalizedPeer peer) => new()
    {
        ["@context"] = new JsonArray(DspBadInputTests.Context),
        ["@type"] = "TransferRequestMessage",
        ["consumerPid"] = "urn:uuid:" + Guid.NewGuid(),
        ["agreementId"] = peer.AgreementId,
        ["format"] = "HttpData-PULL",
        ["callbackAddress"] = DspBadInputTests.DeadCallback,
    };

    private static JsonObject PushAddress() => new()
    {
        ["@type"] = "DataAddress",
        ["endpointType"] = "https://w3id.org/idsa/v4.1/HTTP",
        ["endpoint"] = "http://127.0.0.1:9/push",
    };

    private static async Task<string> StoredNegotiationAsync(FinalizedPeer peer, string providerPid) =>
        (await peer.Pair.ProviderGetAsync("/negotiations/" + providerPid)).ToJsonString();

    private static string ProviderPid(string body) => JsonNode.Parse(body)!["providerPid"]!.GetValue<string>();
}
