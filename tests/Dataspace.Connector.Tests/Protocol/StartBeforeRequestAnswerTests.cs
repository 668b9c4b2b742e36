using System.Net;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// The transfer twin of <see cref="FinalizedBeforeVerificationAnswerTests"/>: a provider that sends TransferStartMessage
/// before its 201 to our consumer's TransferRequestMessage has arrived, so our consumer has not recorded the provider's
/// pid yet. DSP moves the consumer to REQUESTED when it sends the request, so STARTED is legal then; the start names the
/// provider's pid, which the consumer takes from it, and the late 201 changes nothing.
/// </summary>
public sealed class StartBeforeRequestAnswerTests
{
    [Fact]
    public async Task StartedWhileOurRequestAwaitsItsAnswer_IsAccepted_AndTheTransferStaysStarted()
    {
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>());
        await using var provider = await HoldingProvider.StartAsync(new Uri(pair.Consumer.BaseAddress), finalizeWhileHolding: false);

        var consumerPid = await provider.OfferAsync();
        await pair.ConsumerPostAsync($"/negotiations/{Uri.EscapeDataString(consumerPid)}/accept", new { });
        await provider.Accepted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (status, body) = await provider.AgreeAsync();
        Assert.True(status == HttpStatusCode.OK, $"agreement: {(int)status} {body}");
        await provider.Verified.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var finalized = await provider.FinalizeAsync(TimeSpan.Zero);
        for (var i = 0; i < 5 && finalized.Status == HttpStatusCode.ServiceUnavailable; i++)
        {
            finalized = await provider.FinalizeAsync(finalized.RetryAfter ?? TimeSpan.FromSeconds(1));
        }

        Assert.True(finalized.Status == HttpStatusCode.OK, $"FINALIZED: {(int)finalized.Status} {finalized.Body}");

        var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId = provider.AgreementId, transferType = "HttpData-PULL" });
        var transferId = transfer["id"]!.GetValue<string>();
        var started = await provider.StartedWhileHolding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(started.Status == HttpStatusCode.OK, $"TransferStartMessage before the answer to the request: {(int)started.Status} {started.Body}");

        // The 201 arrives after the start: recorded without undoing it.
        var state = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/transfers/" + Uri.EscapeDataString(transferId), "STARTED");
        await Eventually.ValueAsync(() => pair.ConsumerGetAsync("/transfers/" + Uri.EscapeDataString(transferId)), t => t["providerPid"]?.GetValue<string>() is { Length: > 0 },
            TimeSpan.FromSeconds(20), "the provider's pid recorded");
        state = await pair.ConsumerGetAsync("/transfers/" + Uri.EscapeDataString(transferId));
        Assert.Equal("STARTED", state["state"]!.GetValue<string>());
    }
}
