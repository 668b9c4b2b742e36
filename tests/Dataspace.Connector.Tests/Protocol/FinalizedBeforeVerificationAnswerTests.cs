using System.Net;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A provider accepts our consumer's ContractAgreementVerificationMessage, moves to VERIFIED and sends FINALIZED, and that
/// event can reach our consumer before the consumer has the provider's answer to its verification (a loaded host, a
/// provider that finalizes before it answers). The provider written here does exactly that, deterministically: it sends
/// FINALIZED from inside its handler of our verification and answers the verification only afterwards.
/// </summary>
public sealed class FinalizedBeforeVerificationAnswerTests
{
    [Fact]
    public async Task FinalizedWhileOurVerificationAwaitsItsAnswer_IsRetryable_AndTheNegotiationEndsFinalized()
    {
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>());
        await using var provider = await HoldingProvider.StartAsync(new Uri(pair.Consumer.BaseAddress));

        var consumerPid = await provider.OfferAsync();
        await pair.ConsumerPostAsync($"/negotiations/{Uri.EscapeDataString(consumerPid)}/accept", new { });
        await provider.Accepted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (status, body) = await provider.AgreeAsync();
        Assert.True(status == HttpStatusCode.OK, $"agreement: {(int)status} {body}");

        // The FINALIZED sent while our verification's answer was held: refused as "not yet" (a 5xx the provider's outbox
        // retries, with Retry-After), never as an illegal state (a 4xx, after which the provider gives up or terminates).
        var first = await provider.FinalizedWhileHolding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(first.Status == HttpStatusCode.ServiceUnavailable, $"FINALIZED before the verification's answer: {(int)first.Status} {first.Body}");
        Assert.True(first.RetryAfter is not null, "the 503 says when to retry (Retry-After)");
        Assert.Contains("verification-in-flight", first.Body, StringComparison.Ordinal);

        // The provider's outbox retries after Retry-After; by then our consumer has recorded the acknowledgement.
        var again = await provider.FinalizeAsync(first.RetryAfter!.Value);
        Assert.True(again.Status == HttpStatusCode.OK, $"FINALIZED retried after the verification's answer: {(int)again.Status} {again.Body}");
        var negotiation = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + Uri.EscapeDataString(consumerPid), "FINALIZED");
        Assert.Equal("FINALIZED", negotiation["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task FinalizedWhileOurVerificationWasRefused_IsAnIllegalState()
    {
        // As the TCK's CN_C:03-06: the provider answers our verification with 404 and finalizes anyway.
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>());
        await using var provider = await HoldingProvider.StartAsync(new Uri(pair.Consumer.BaseAddress), refuseVerification: true);

        var consumerPid = await provider.OfferAsync();
        await pair.ConsumerPostAsync($"/negotiations/{Uri.EscapeDataString(consumerPid)}/accept", new { });
        await provider.Accepted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (status, body) = await provider.AgreeAsync();
        Assert.True(status == HttpStatusCode.OK, $"agreement: {(int)status} {body}");
        await provider.VerificationRefused.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var finalized = await provider.FinalizeAsync(TimeSpan.Zero);
        Assert.True(finalized.Status == HttpStatusCode.BadRequest, $"FINALIZED after refusing our verification: {(int)finalized.Status} {finalized.Body}");
        var negotiation = await pair.ConsumerGetAsync("/negotiations/" + Uri.EscapeDataString(consumerPid));
        Assert.Equal("AGREED", negotiation["state"]!.GetValue<string>());
    }
}
