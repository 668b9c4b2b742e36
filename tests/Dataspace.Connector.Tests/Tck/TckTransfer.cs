using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Connector.Tests.Tck;

/// <summary>The TCK's consumer side of one transfer with the connector under test (its provider transfer pipeline's steps).</summary>
internal sealed class TckTransfer
{
    public const string Format = "HttpData-PULL";

    private readonly TckPeer _peer;

    public TckTransfer(TckPeer peer) => _peer = peer;

    public string ConsumerPid { get; } = "urn:uuid:" + Guid.NewGuid();

    public string ProviderPid { get; private set; } = "";

    public async Task SendTransferRequestAsync(string agreementId)
    {
        var answer = await _peer.PostAsync("/transfers/request", TckMessages.TransferRequest(ConsumerPid, agreementId, Format, _peer.CallbackAddress));
        Assert.Equal("TransferProcess", answer["@type"]?.GetValue<string>());
        Assert.Equal(ConsumerPid, answer["consumerPid"]?.GetValue<string>());
        ProviderPid = answer["providerPid"]!.GetValue<string>();
    }

    public async Task<JsonObject> ExpectAsync(string action, string messageType)
    {
        var message = await _peer.ExpectAsync($"^/transfers/{Regex.Escape(ConsumerPid)}/{action}$");
        Assert.Equal(messageType, message["@type"]?.GetValue<string>());
        Assert.Equal(ConsumerPid, message["consumerPid"]?.GetValue<string>());
        Assert.Equal(ProviderPid, message["providerPid"]?.GetValue<string>());
        return message;
    }

    public Task ExpectStartAsync() => ExpectAsync("start", "TransferStartMessage");

    public Task ExpectTerminationAsync() => ExpectAsync("termination", "TransferTerminationMessage");

    public Task ExpectCompletionAsync() => ExpectAsync("completion", "TransferCompletionMessage");

    public Task ExpectSuspensionAsync() => ExpectAsync("suspension", "TransferSuspensionMessage");

    private Task<JsonObject> SendAsync(string action, string type, bool expectError) =>
        _peer.PostAsync($"/transfers/{ProviderPid}/{action}", TckMessages.Transfer(type, ProviderPid, ConsumerPid), expectError);

    public Task SendTerminationAsync(bool expectError = false) => SendAsync("termination", "TransferTerminationMessage", expectError);

    public Task SendCompletionAsync(bool expectError = false) => SendAsync("completion", "TransferCompletionMessage", expectError);

    public Task SendSuspensionAsync(bool expectError = false) => SendAsync("suspension", "TransferSuspensionMessage", expectError);

    public Task SendStartedAsync(bool expectError = false) => SendAsync("start", "TransferStartMessage", expectError);

    /// <summary>The TCK's <c>thenVerifyProviderState</c> (after its pause): GET the provider's transfer and compare its state.</summary>
    public async Task VerifyProviderStateAsync(string state)
    {
        await Task.Delay(100);
        var (status, body) = await _peer.GetAsync($"/transfers/{ProviderPid}");
        Assert.Equal(200, status);
        Assert.Equal("TransferProcess", body["@type"]?.GetValue<string>());
        Assert.Equal(state, body["state"]?.GetValue<string>());
    }
}
