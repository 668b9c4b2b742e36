using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Conformance;

/// <summary>The suite as provider of one transfer the target starts as consumer (the TCK's consumer transfer pipeline's steps).</summary>
internal sealed class ConsumerTransfer(DspCounterParty party, CancellationToken cancellationToken)
{
    private string _targetCallback = "";

    public string ConsumerPid { get; private set; } = "";

    public string ProviderPid { get; private set; } = "";

    private Dictionary<string, string> Pids => new(StringComparer.Ordinal) { ["consumerPid"] = ConsumerPid, ["providerPid"] = ProviderPid };

    /// <summary>The TCK's <c>initiateTransferRequest</c> (the target's trigger) and <c>expectTransferRequest</c>.</summary>
    public async Task InitiateRequestAsync(string agreementId, string format)
    {
        await party.TriggerAsync(DspConfigurationKeys.TransferInitiateUrl, new JsonObject
        {
            ["providerId"] = party.ParticipantId,
            ["agreementId"] = agreementId,
            ["format"] = format,
            ["connectorAddress"] = party.CallbackAddress,
        }, cancellationToken).ConfigureAwait(false);

        var request = await party.ExpectAsync("^/transfers/request$", cancellationToken).ConfigureAwait(false);
        Expect.Type(request, "TransferRequestMessage", "the target's transfer request");
        Expect.Equal(agreementId, Expect.Text(request["agreementId"]), "the transfer request's agreementId");
        Expect.Equal(format, Expect.Text(request["format"]), "the transfer request's format");
        ConsumerPid = Expect.Text(request["consumerPid"]) ?? throw new ConformanceException($"the target's transfer request has no consumerPid: {Expect.Clip(request.ToJsonString())}");
        ProviderPid = party.ProviderPidFor(ConsumerPid);
        _targetCallback = party.TargetCallbackFor(ConsumerPid);
    }

    private Task<JsonObject> SendAsync(string action, string type, bool expectError, bool withDataAddress = false) =>
        party.PostAsync($"/transfers/{ConsumerPid}/{action}", DspMessages.Transfer(type, ProviderPid, ConsumerPid, withDataAddress), expectError, cancellationToken, Pids, _targetCallback);

    public Task SendStartedAsync(bool expectError = false) => SendAsync("start", "TransferStartMessage", expectError, withDataAddress: true);

    public Task SendSuspensionAsync(bool expectError = false) => SendAsync("suspension", "TransferSuspensionMessage", expectError);

    public Task SendCompletionAsync(bool expectError = false) => SendAsync("completion", "TransferCompletionMessage", expectError);

    public Task SendTerminationAsync(bool expectError = false) => SendAsync("termination", "TransferTerminationMessage", expectError);

    /// <summary>Waits for the target's message to the suite's provider process.</summary>
    public async Task<JsonObject> ExpectAsync(string action, string messageType)
    {
        var message = await party.ExpectAsync($"^/transfers/{Regex.Escape(ProviderPid)}/{action}$", cancellationToken).ConfigureAwait(false);
        Expect.Type(message, messageType, $"the message to /transfers/<providerPid>/{action}");
        Expect.Equal(ProviderPid, Expect.Text(message["providerPid"]), $"the {messageType}'s providerPid");
        Expect.Equal(ConsumerPid, Expect.Text(message["consumerPid"]), $"the {messageType}'s consumerPid");
        return message;
    }

    /// <summary>The TCK's <c>thenVerifyConsumerState</c>: GET the consumer's transfer and compare its state, read again until it settles (<see cref="DspCounterParty.VerifyStateAsync"/>).</summary>
    public async Task VerifyConsumerStateAsync(string state)
    {
        await party.VerifyStateAsync($"/transfers/{ConsumerPid}", "TransferProcess", "the transfer process", state, "the consumer's transfer state", Pids, cancellationToken).ConfigureAwait(false);
    }
}
