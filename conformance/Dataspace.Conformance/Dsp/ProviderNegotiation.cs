using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Conformance;

/// <summary>The suite as consumer of one negotiation with the target as provider (the TCK's provider pipeline's steps).</summary>
internal sealed class ProviderNegotiation(DspCounterParty party, CancellationToken cancellationToken)
{
    public string ConsumerPid { get; } = "urn:uuid:" + Guid.NewGuid();

    public string ProviderPid { get; private set; } = "";

    /// <summary>The provider's participant id, from its offer (the TCK's counter-offer names it as assigner).</summary>
    public string? ProviderId { get; private set; }

    private Dictionary<string, string> Pids => new(StringComparer.Ordinal) { ["consumerPid"] = ConsumerPid, ["providerPid"] = ProviderPid };

    public async Task SendRequestAsync(string datasetId, string offerId)
    {
        var answer = await party.PostAsync("/negotiations/request", DspMessages.ContractRequest(ConsumerPid, offerId, datasetId, party.CallbackAddress), false, cancellationToken).ConfigureAwait(false);
        Expect.Type(answer, "ContractNegotiation", "the answer to the contract request");
        Expect.Equal(ConsumerPid, Expect.Text(answer["consumerPid"]), "the answer's consumerPid");
        ProviderPid = Expect.Text(answer["providerPid"]) ?? "";
        Expect.That(ProviderPid.Length > 0, $"the answer to the contract request has no providerPid: {Expect.Clip(answer.ToJsonString())}");
    }

    public async Task<JsonObject> ExpectAsync(string action, string messageType)
    {
        var message = await party.ExpectAsync($"^/negotiations/{Regex.Escape(ConsumerPid)}/{action}$", cancellationToken).ConfigureAwait(false);
        Expect.Type(message, messageType, $"the message to /negotiations/<consumerPid>/{action}");
        Expect.Equal(ConsumerPid, Expect.Text(message["consumerPid"]), $"the {messageType}'s consumerPid");
        Expect.Equal(ProviderPid, Expect.Text(message["providerPid"]), $"the {messageType}'s providerPid");
        return message;
    }

    public async Task ExpectOfferAsync()
    {
        var offer = await ExpectAsync("offers", "ContractOfferMessage").ConfigureAwait(false);
        ProviderId = Expect.Text(offer["offer"]?["assigner"]);
        Expect.That(!string.IsNullOrEmpty(Expect.Text(offer["offer"]?["@id"])), $"the ContractOfferMessage's offer has no @id: {Expect.Clip(offer.ToJsonString())}");
    }

    public async Task ExpectAgreementAsync()
    {
        var agreement = await ExpectAsync("agreement", "ContractAgreementMessage").ConfigureAwait(false);
        Expect.Equal(party.ParticipantId, Expect.Text(agreement["agreement"]?["assignee"]), "the agreement's assignee");
        Expect.That(agreement["agreement"]?["timestamp"] is not null, $"the agreement has no timestamp: {Expect.Clip(agreement.ToJsonString())}");
    }

    public async Task ExpectFinalizedAsync()
    {
        var finalized = await ExpectAsync("events", "ContractNegotiationEventMessage").ConfigureAwait(false);
        Expect.That(Expect.Text(finalized["eventType"])?.EndsWith("FINALIZED", StringComparison.Ordinal) == true,
            $"the event's eventType is '{Expect.Text(finalized["eventType"])}'; expected FINALIZED");
    }

    public Task ExpectTerminationAsync() => ExpectAsync("termination", "ContractNegotiationTerminationMessage");

    public Task SendCounterOfferAsync(string offerId, string datasetId, bool expectError = false) =>
        party.PostAsync($"/negotiations/{ProviderPid}/request",
            DspMessages.CounterOffer(ProviderPid, ConsumerPid, offerId, ProviderId ?? party.Context.Configuration.Find(DspConfigurationKeys.AgentId) ?? "", party.ParticipantId, datasetId),
            expectError, cancellationToken, Pids);

    public Task AcceptAsync() =>
        party.PostAsync($"/negotiations/{ProviderPid}/events", DspMessages.Event(ProviderPid, ConsumerPid, "ACCEPTED"), false, cancellationToken, Pids);

    public Task SendVerifiedAsync(bool expectError = false) =>
        party.PostAsync($"/negotiations/{ProviderPid}/agreement/verification", DspMessages.Verification(ProviderPid, ConsumerPid), expectError, cancellationToken, Pids);

    public Task SendTerminationAsync(bool expectError = false) =>
        party.PostAsync($"/negotiations/{ProviderPid}/termination", DspMessages.NegotiationTermination(ProviderPid, ConsumerPid), expectError, cancellationToken, Pids);

    /// <summary>The TCK's <c>thenVerifyProviderState</c>: GET the provider's negotiation and compare its state, read again until it settles (<see cref="DspCounterParty.VerifyStateAsync"/>).</summary>
    public async Task VerifyProviderStateAsync(string state)
    {
        await party.VerifyStateAsync($"/negotiations/{ProviderPid}", "ContractNegotiation", "the negotiation", state, "the provider's negotiation state", Pids, cancellationToken).ConfigureAwait(false);
    }
}
