using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Connector.Tests.Tck;

/// <summary>The TCK's provider side of one negotiation our connector starts as consumer (its consumer pipeline's steps).</summary>
internal sealed class TckConsumerNegotiation
{
    private readonly TckPeer _peer;
    private string _datasetId = "";

    public TckConsumerNegotiation(TckPeer peer) => _peer = peer;

    public string ConsumerPid { get; private set; } = "";

    public string ProviderPid { get; private set; } = "";

    /// <summary>The TCK's <c>initiateRequest</c> (trigger endpoint) and its <c>expectInitialRequest</c>: our connector sends the contract request.</summary>
    public async Task InitiateRequestAsync(string datasetId)
    {
        _datasetId = datasetId;
        var (status, body) = await _peer.PostPlainAsync("/tck/negotiations/requests",
            new { providerId = TckPeer.ParticipantId, offerId = "offer" + datasetId, datasetId, connectorAddress = _peer.CallbackAddress });
        Assert.True(status is >= 200 and < 300, $"the negotiation trigger answered {status}: {body}");

        var request = await _peer.ExpectAsync("^/negotiations/request$");
        Assert.Equal("ContractRequestMessage", request["@type"]?.GetValue<string>());
        Assert.Equal("offer" + datasetId, request["offer"]?["@id"]?.GetValue<string>());
        Assert.Equal(datasetId, request["offer"]?["target"]?.GetValue<string>());
        Assert.Equal(_peer.ConnectorDsp, request["callbackAddress"]?.GetValue<string>());
        ConsumerPid = request["consumerPid"]!.GetValue<string>();
        ProviderPid = _peer.ProviderPidFor(ConsumerPid);
    }

    private string Path(string action) => $"/negotiations/{ConsumerPid}/{action}";

    public Task SendOfferAsync() =>
        _peer.PostAsync(Path("offers"), TckMessages.Offer(ProviderPid, ConsumerPid, "offer" + _datasetId, TckConnector.ConnectorId, _datasetId));

    public Task SendAgreementAsync(bool expectError = false) =>
        _peer.PostAsync(Path("agreement"), TckMessages.Agreement(ProviderPid, ConsumerPid, TckConnector.ConnectorId, _datasetId, _peer.CallbackAddress), expectError);

    public Task SendFinalizedAsync(bool expectError = false) =>
        _peer.PostAsync(Path("events"), TckMessages.Event(ProviderPid, ConsumerPid, "FINALIZED"), expectError);

    public Task SendTerminationAsync() =>
        _peer.PostAsync(Path("termination"), TckMessages.NegotiationTermination(ProviderPid, ConsumerPid));

    public async Task ExpectVerificationAsync()
    {
        var message = await _peer.ExpectAsync($"^/negotiations/{Regex.Escape(ProviderPid)}/agreement/verification$");
        Assert.Equal("ContractAgreementVerificationMessage", message["@type"]?.GetValue<string>());
        Assert.Equal(ProviderPid, message["providerPid"]?.GetValue<string>());
        Assert.Equal(ConsumerPid, message["consumerPid"]?.GetValue<string>());
    }

    /// <summary>Waits for our connector's message to the TCK's provider process (<c>events</c>, <c>request</c>, <c>termination</c>).</summary>
    public async Task<JsonObject> ExpectAsync(string action, string messageType)
    {
        var message = await _peer.ExpectAsync($"^/negotiations/{Regex.Escape(ProviderPid)}/{action}$");
        Assert.Equal(messageType, message["@type"]?.GetValue<string>());
        Assert.Equal(ProviderPid, message["providerPid"]?.GetValue<string>());
        Assert.Equal(ConsumerPid, message["consumerPid"]?.GetValue<string>());
        return message;
    }

    public async Task ExpectAcceptedAsync()
    {
        var accepted = await ExpectAsync("events", "ContractNegotiationEventMessage");
        Assert.EndsWith("ACCEPTED", accepted["eventType"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public Task SendOfferAsync(bool expectError) =>
        _peer.PostAsync(Path("offers"), TckMessages.Offer(ProviderPid, ConsumerPid, "offer" + _datasetId, TckConnector.ConnectorId, _datasetId), expectError);

    /// <summary>The TCK's <c>thenVerifyConsumerState</c>: GET the consumer's negotiation (after its pause) and compare its state.</summary>
    public async Task VerifyConsumerStateAsync(string state)
    {
        await Task.Delay(100);
        var (status, body) = await _peer.GetAsync($"/negotiations/{ConsumerPid}");
        Assert.Equal(200, status);
        Assert.Equal("ContractNegotiation", body["@type"]?.GetValue<string>());
        Assert.Equal(state, body["state"]?.GetValue<string>());
    }
}
