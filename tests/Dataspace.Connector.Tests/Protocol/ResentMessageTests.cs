using System.Net;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// Delivery is at least once: a message the peer acknowledged just before its sender was killed is sent again after
/// the restart. Such a repeat is acknowledged and changes nothing, even when the process has moved on since.
/// </summary>
public sealed class ResentMessageTests
{
    [Fact]
    public async Task AgreementMessage_ResentAfterFinalization_IsAcknowledgedAndChangesNothing()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var agreement = (await peer.Pair.ConsumerGetAsync("/agreements/" + peer.AgreementId))["policy"]!.DeepClone().AsObject();
        agreement.Remove("@context");
        var message = new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractAgreementMessage",
            ["providerPid"] = peer.ProviderPid,
            ["consumerPid"] = peer.ConsumerPid,
            ["agreement"] = agreement,
            ["callbackAddress"] = peer.Pair.ProviderDsp,
        };

        var (status, body) = await peer.PostAsync("consumer", $"/negotiations/{peer.ConsumerPid}/agreement", message.ToJsonString(), "application/json");

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        Assert.Equal("FINALIZED", JsonNode.Parse(body)!["state"]!.GetValue<string>());
        await peer.AssertUnchangedAsync();
    }

    [Fact]
    public async Task AgreementMessage_AnotherAgreementAfterFinalization_IsStillRefused()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var agreement = (await peer.Pair.ConsumerGetAsync("/agreements/" + peer.AgreementId))["policy"]!.DeepClone().AsObject();
        agreement.Remove("@context");
        agreement["@id"] = "urn:uuid:another-agreement";
        var message = new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractAgreementMessage",
            ["providerPid"] = peer.ProviderPid,
            ["consumerPid"] = peer.ConsumerPid,
            ["agreement"] = agreement,
            ["callbackAddress"] = peer.Pair.ProviderDsp,
        };

        var (status, body) = await peer.PostAsync("consumer", $"/negotiations/{peer.ConsumerPid}/agreement", message.ToJsonString(), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        peer.AssertError($"/negotiations/{peer.ConsumerPid}/agreement", body, "another agreement");
        await peer.AssertUnchangedAsync();
    }
}
