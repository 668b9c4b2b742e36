using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Conformance;

/// <summary>The suite as consumer of one transfer with the target as provider (the TCK's provider transfer pipeline's steps).</summary>
internal sealed class ProviderTransfer(DspCounterParty party, CancellationToken cancellationToken)
{
    public string ConsumerPid { get; } = "urn:uuid:" + Guid.NewGuid();

    public string ProviderPid { get; private set; } = "";

    private Dictionary<string, string> Pids => new(StringComparer.Ordinal) { ["consumerPid"] = ConsumerPid, ["providerPid"] = ProviderPid };

    public async Task SendTransferRequestAsync(string agreementId, string format)
    {
        var answer = await party.PostAsync("/transfers/request", DspMessages.TransferRequest(ConsumerPid, agreementId, format, party.CallbackAddress), false, cancellationToken).ConfigureAwait(false);
        Expect.Type(answer, "TransferProcess", "the answer to the transfer request");
        Expect.Equal(ConsumerPid, Expect.Text(answer["consumerPid"]), "the answer's consumerPid");
        ProviderPid = Expect.Text(answer["providerPid"]) ?? "";
        Expect.That(ProviderPid.Length > 0, $"the answer to the transfer request has no providerPid: {Expect.Clip(answer.ToJsonString())}");
    }

    public async Task<JsonObject> ExpectAsync(string action, string messageType)
    {
        var message = await party.ExpectAsync($"^/transfers/{Regex.Escape(ConsumerPid)}/{action}$", cancellationToken).ConfigureAwait(false);
        Expect.Type(message, messageType, $"the message to /transfers/<consumerPid>/{action}");
        Expect.Equal(ConsumerPid, Expect.Text(message["consumerPid"]), $"the {messageType}'s consumerPid");
        Expect.Equal(ProviderPid, Expect.Text(message["providerPid"]), $"the {messageType}'s providerPid");
        return message;
    }

    public Task ExpectStartAsync() => ExpectAsync("start", "TransferStartMessage");

    public Task ExpectTerminationAsync() => ExpectAsync("termination", "TransferTerminationMessage");

    public Task ExpectCompletionAsync() => ExpectAsync("completion", "TransferCompletionMessage");

    public Task ExpectSuspensionAsync() => ExpectAsync("suspension", "TransferSuspensionMessage");

    private Task<JsonObject> SendAsync(string action, string type, bool expectError) =>
        party.PostAsync($"/transfers/{ProviderPid}/{action}", DspMessages.Transfer(type, ProviderPid, ConsumerPid), expectError, cancellationToken, Pids);

    public Task SendTerminationAsync(bool expectError = false) => SendAsync("termination", "TransferTerminationMessage", expectError);

    public Task SendCompletionAsync(bool expectError = false) => SendAsync("completion", "TransferCompletionMessage", expectError);

    public Task SendSuspensionAsync(bool expectError = false) => SendAsync("suspension", "TransferSuspensionMessage", expectError);

    public Task SendStartedAsync(bool expectError = false) => SendAsync("start", "TransferStartMessage", expectError);

    /// <summary>The TCK's <c>thenVerifyProviderState</c>: GET the provider's transfer and compare its state, read again until it settles (<see cref="DspCounterParty.VerifyStateAsync"/>).</summary>
    public async Task VerifyProviderStateAsync(string state)
    {
        await party.VerifyStateAsync($"/transfers/{ProviderPid}", "TransferProcess", "the transfer process", state, "the provider's transfer state", Pids, cancellationToken).ConfigureAwait(false);
    }
}
