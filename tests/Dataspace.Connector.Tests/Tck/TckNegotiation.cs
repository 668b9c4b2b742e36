using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Connector.Tests.Tck;

/// <summary>The TCK's consumer side of one negotiation with the connector under test (its provider pipeline's steps).</summary>
internal sealed class TckNegotiation
{
    private readonly TckPeer _peer;

    public TckNegotiation(TckPeer peer) => _peer = peer;

    public string ConsumerPid { get; } = "urn:uuid:" + Guid.NewGuid();

    public string ProviderPid { get; private set; } = "";

    /// <summary>The provider's participant id, from its offer or agreement (the TCK's counter-offer names it as assigner).</summary>
    public string? ProviderId { get; private set; }

    public async Task SendRequestAsync(string datasetId, string offerId)
    {
        var answer = await _peer.PostAsync("/negotiations/request", TckMessages.ContractRequest(ConsumerPid, offerId, datasetId, _peer.CallbackAddress));
        Assert.Equal("ContractNegotiation", answer["@type"]?.GetValue<string>());
        Assert.Equal(ConsumerPid, answer["consumerPid"]?.GetValue<string>());
        ProviderPid = answer["providerPid"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(ProviderPid));
    }

    public async Task<JsonObject> ExpectAsync(string action, string messageType)
    {
        var message = await _peer.ExpectAsync($"^/negotiations/{Regex.Escape(ConsumerPid)}/{action}$");
        Assert.Equal(messageType, message["@type"]?.GetValue<string>());
        Assert.Equal(ConsumerPid, message["consumerPid"]?.GetValue<string>());
        Assert.Equal(ProviderPid, message["providerPid"]?.GetValue<string>());
        return message;
    }

    public async Task ExpectOfferAsync()
    {
        var offer = await ExpectAsync("offers", "ContractOfferMessage");
        ProviderId = offer["offer"]?["assigner"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(offer["offer"]?["@id"]?.GetValue<string>()), "the offer has an @id");
    }

    public async Task ExpectAgreementAsync()
    {
        var agreement = await ExpectAsync("agreement", "ContractAgreementMessage");
        Assert.Equal(TckPeer.ParticipantId, agreement["agreement"]?["assignee"]?.GetValue<string>());
        Assert.NotNull(agreement["agreement"]?["timestamp"]);
    }

    public async Task ExpectFinalizedAsync()
    {
        var finalized = await ExpectAsync("events", "ContractNegotiationEventMessage");
        Assert.EndsWith("FINALIZED", finalized["eventType"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public Task ExpectTerminationAsync() => ExpectAsync("termination", "ContractNegotiationTerminationMessage");

    public Task SendCounterOfferAsync(string offerId, string datasetId, bool expectError = false) =>
        _peer.PostAsync($"/negotiations/{ProviderPid}/request", TckMessages.CounterOffer(ProviderPid, ConsumerPid, offerId, ProviderId ?? "", datasetId), expectError);

    public Task AcceptAsync() => _peer.PostAsync($"/negotiations/{ProviderPid}/events", TckMessages.Event(ProviderPid, ConsumerPid, "ACCEPTED"));

    public Task SendVerifiedAsync(bool expectError = false) =>
        _peer.PostAsync($"/negotiations/{ProviderPid}/agreement/verification", TckMessages.Verification(ProviderPid, ConsumerPid), expectError);

    public Task SendTerminationAsync(bool expectError = false) =>
        _peer.PostAsync($"/negotiations/{ProviderPid}/termination", TckMessages.NegotiationTermination(ProviderPid, ConsumerPid), expectError);

    /// <summary>The TCK's <c>thenVerifyProviderState</c>: GET the provider's negotiation and compare its state.</summary>
    public async Task VerifyProviderStateAsync(string state)
    {
        var (status, body) = await _peer.GetAsync($"/negotiations/{ProviderPid}");
        Assert.Equal(200, status);
        Assert.Equal("ContractNegotiation", body["@type"]?.GetValue<string>());
        Assert.Equal(state, body["state"]?.GetValue<string>());
    }
}
