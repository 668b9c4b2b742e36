namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// The consumer maps the provider's token to the wrong participant id: the provider's messages are refused, and the
/// consumer's negotiation ends at once with the reason instead of waiting for messages it can never accept.
/// </summary>
public sealed class TokenMappingTests
{
    private static readonly Dictionary<string, string?> WrongMapping = new()
    {
        ["Connector:Dsp:StaticTokens:provider-secret-token"] = "did:web:someone-else.example",
    };

    [Fact]
    public async Task ProviderTerminates_ConsumerWithWrongMapping_EndsTerminatedWithTheProvidersReason()
    {
        await using var pair = await ConnectorPair.StartAsync(providerSettings: null, consumerSettings: WrongMapping);
        var offerId = await pair.PublishAsync("credit-data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.ClaimPolicy("FinanceSubspaceCredential", "licence", "bank"));

        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId, counterPartyId = "did:web:provider.example" });
        // Before the fix the consumer stayed REQUESTED while the provider retried its termination for about 50 s.
        var consumerSide = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED", "TERMINATED");

        Assert.Equal("TERMINATED", consumerSide["state"]!.GetValue<string>());
        var error = consumerSide["error"]!.GetValue<string>();
        Assert.StartsWith("the provider terminated the negotiation (policy-denied): ", error, StringComparison.Ordinal);
        Assert.Contains("does not permit did:web:consumer.example", error, StringComparison.Ordinal);
        Assert.Contains("'did:web:someone-else.example', not as the provider 'did:web:provider.example'", error, StringComparison.Ordinal);
        Assert.Contains("Connector:Dsp:StaticTokens", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderAgrees_ConsumerWithWrongMapping_EndsTerminatedAndTellsTheProvider()
    {
        await using var pair = await ConnectorPair.StartAsync(providerSettings: null, consumerSettings: WrongMapping);
        var offerId = await pair.PublishAsync("air-quality", [4, 5, 6], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());

        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId, counterPartyId = "did:web:provider.example" });
        var consumerSide = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED", "TERMINATED");

        Assert.Equal("TERMINATED", consumerSide["state"]!.GetValue<string>());
        Assert.Contains("a message from the provider was refused", consumerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(consumerSide["agreementId"]?.GetValue<string>());
        var providerSide = await pair.WaitForStateAsync(pair.Provider, pair.ProviderKey, "/negotiations/" + consumerSide["providerPid"]!.GetValue<string>(), "TERMINATED");
        Assert.Contains("counterparty-not-recognised", providerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
