using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Conformance;

/// <summary>The suite as provider of one negotiation the target starts as consumer (the TCK's consumer pipeline's steps).</summary>
internal sealed class ConsumerNegotiation(DspCounterParty party, CancellationToken cancellationToken)
{
    private string _datasetId = "";
    private string _targetCallback = "";

    public string ConsumerPid { get; private set; } = "";

    public string ProviderPid { get; private set; } = "";

    private string OfferId => "offer" + _datasetId;

    private string TargetId => party.Context.Configuration.Get(DspConfigurationKeys.AgentId);

    private Dictionary<string, string> Pids => new(StringComparer.Ordinal) { ["consumerPid"] = ConsumerPid, ["providerPid"] = ProviderPid };

    /// <summary>The TCK's <c>initiateRequest</c> (the target's trigger) and <c>expectInitialRequest</c>: the target sends its contract request.</summary>
    public async Task InitiateRequestAsync(string datasetId)
    {
        _datasetId = datasetId;
        await party.TriggerAsync(DspConfigurationKeys.NegotiationInitiateUrl, new JsonObject
        {
            ["providerId"] = party.ParticipantId,
            ["offerId"] = OfferId,
            ["datasetId"] = datasetId,
            ["connectorAddress"] = party.CallbackAddress,
        }, cancellationToken).ConfigureAwait(false);

        var request = await party.ExpectAsync("^/negotiations/request$", cancellationToken).ConfigureAwait(false);
        Expect.Type(request, "ContractRequestMessage", "the target's initial request");
        Expect.Equal(OfferId, Expect.Text(request["offer"]?["@id"]), "the request's offer @id");
        Expect.Equal(datasetId, Expect.Text(request["offer"]?["target"]), "the request's offer target");
        ConsumerPid = Expect.Text(request["consumerPid"]) ?? throw new ConformanceException($"the target's contract request has no consumerPid: {Expect.Clip(request.ToJsonString())}");
        ProviderPid = party.ProviderPidFor(ConsumerPid);
        _targetCallback = party.TargetCallbackFor(ConsumerPid);
    }

    private string Path(string action) => $"/negotiations/{ConsumerPid}/{action}";

    private Task<JsonObject> PostAsync(string action, JsonObject message, bool expectError) =>
        party.PostAsync(Path(action), message, expectError, cancellationToken, Pids, _targetCallback);

    public Task SendOfferAsync(bool expectError = false) =>
        PostAsync("offers", DspMessages.Offer(ProviderPid, ConsumerPid, OfferId, party.ParticipantId, TargetId, _datasetId), expectError);

    public Task SendAgreementAsync(bool expectError = false) =>
        PostAsync("agreement", DspMessages.Agreement(ProviderPid, ConsumerPid, party.ParticipantId, TargetId, _datasetId, party.CallbackAddress, party.Context.TimeProvider.GetUtcNow()), expectError);

    /// <summary>Never acknowledges the target's verification (the TCK registers no handler for it in CN_C:03-06).</summary>
    public void RefuseVerification() => party.RefuseCallbacks($"^/negotiations/{Regex.Escape(ProviderPid)}/agreement/verification$");

    public Task SendFinalizedAsync(bool expectError = false) =>
        PostAsync("events", DspMessages.Event(ProviderPid, ConsumerPid, "FINALIZED"), expectError);

    public Task SendTerminationAsync() =>
        PostAsync("termination", DspMessages.NegotiationTermination(ProviderPid, ConsumerPid), false);

    /// <summary>Waits for the target's message to the suite's provider process (<c>events</c>, <c>request</c>, <c>termination</c>, ...).</summary>
    public async Task<JsonObject> ExpectAsync(string action, string messageType)
    {
        var message = await party.ExpectAsync($"^/negotiations/{Regex.Escape(ProviderPid)}/{action}$", cancellationToken).ConfigureAwait(false);
        Expect.Type(message, messageType, $"the message to /negotiations/<providerPid>/{action}");
        Expect.Equal(ProviderPid, Expect.Text(message["providerPid"]), $"the {messageType}'s providerPid");
        Expect.Equal(ConsumerPid, Expect.Text(message["consumerPid"]), $"the {messageType}'s consumerPid");
        return message;
    }

    public Task ExpectVerificationAsync() => ExpectAsync("agreement/verification", "ContractAgreementVerificationMessage");

    public async Task ExpectAcceptedAsync()
    {
        var accepted = await ExpectAsync("events", "ContractNegotiationEventMessage").ConfigureAwait(false);
        Expect.That(Expect.Text(accepted["eventType"])?.EndsWith("ACCEPTED", StringComparison.Ordinal) == true,
            $"the event's eventType is '{Expect.Text(accepted["eventType"])}'; expected ACCEPTED");
    }

    public async Task ExpectCounterOfferAsync()
    {
        var counter = await ExpectAsync("request", "ContractRequestMessage").ConfigureAwait(false);
        Expect.Equal(OfferId, Expect.Text(counter["offer"]?["@id"]), "the counter-request's offer @id");
        // A counter-request names the provider's process, so DSP 2025-1's schema (oneOf callbackAddress / providerPid) forbids a callbackAddress.
        var violations = DspSchemas.Instance.Validate(DspSchemas.SchemaFor("ContractRequestMessage", counter)!, counter);
        Expect.That(violations.Count == 0, $"the counter-request is not valid against the DSP 2025-1 schema: {string.Join("; ", violations)}");
    }

    /// <summary>The TCK's <c>thenVerifyConsumerState</c>: GET the consumer's negotiation and compare its state, read again until it settles (<see cref="DspCounterParty.VerifyStateAsync"/>).</summary>
    public async Task VerifyConsumerStateAsync(string state)
    {
        await party.VerifyStateAsync($"/negotiations/{ConsumerPid}", "ContractNegotiation", "the negotiation", state, "the consumer's negotiation state", Pids, cancellationToken).ConfigureAwait(false);
    }
}
