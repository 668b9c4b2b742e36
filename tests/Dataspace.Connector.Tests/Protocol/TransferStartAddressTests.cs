using System.Net;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A STARTED transfer's data address is where the consumer's operator downloads from, with the credentials it carries:
/// a second TransferStartMessage from the provider may repeat it, never swap it for another URL.
/// </summary>
public sealed class TransferStartAddressTests
{
    [Fact]
    public async Task SecondStart_WithAnotherAddress_IsRefusedAndTheAddressStays_TheSameAddressIsIdempotent()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var pair = peer.Pair;
        var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId = peer.AgreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var started = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "STARTED", "TERMINATED");
        Assert.True(started["state"]!.GetValue<string>() == "STARTED", started.ToJsonString());
        var providerPid = started["providerPid"]!.GetValue<string>();
        var consumerPid = started["consumerPid"]!.GetValue<string>();
        var edr = await pair.ConsumerGetAsync($"/transfers/{id}/edr");
        var endpoint = edr["endpoint"]!.GetValue<string>();
        var token = edr["authorization"]!.GetValue<string>();

        var (swapStatus, swapBody) = await peer.PostAsync("consumer", $"/transfers/{consumerPid}/start", Start(providerPid, consumerPid, "http://127.0.0.1:9/internal/admin", token).ToJsonString(), "application/json");
        var afterSwap = await pair.ConsumerGetAsync($"/transfers/{id}/edr");
        var (sameStatus, sameBody) = await peer.PostAsync("consumer", $"/transfers/{consumerPid}/start", Start(providerPid, consumerPid, endpoint, token).ToJsonString(), "application/json");

        Assert.Equal(HttpStatusCode.Conflict, swapStatus);
        Assert.Contains("may not replace", peer.AssertError($"/transfers/{consumerPid}/start", swapBody, "swapped address"), StringComparison.Ordinal);
        Assert.Equal(endpoint, afterSwap["endpoint"]!.GetValue<string>());
        Assert.Equal("STARTED", (await pair.ConsumerGetAsync($"/transfers/{id}"))["state"]!.GetValue<string>());
        Assert.True(sameStatus == HttpStatusCode.OK, $"{(int)sameStatus} {sameBody}");
    }

    private static JsonObject Start(string providerPid, string consumerPid, string endpoint, string token) => new()
    {
        ["@context"] = new JsonArray(DspBadInputTests.Context),
        ["@type"] = "TransferStartMessage",
        ["providerPid"] = providerPid,
        ["consumerPid"] = consumerPid,
        ["dataAddress"] = new JsonObject
        {
            ["@type"] = "DataAddress",
            ["endpointType"] = "https://w3id.org/idsa/v4.1/HTTP",
            ["endpoint"] = endpoint,
            ["endpointProperties"] = new JsonArray(
                new JsonObject { ["@type"] = "EndpointProperty", ["name"] = "authorization", ["value"] = token },
                new JsonObject { ["@type"] = "EndpointProperty", ["name"] = "authType", ["value"] = "bearer" }),
        },
    };
}
