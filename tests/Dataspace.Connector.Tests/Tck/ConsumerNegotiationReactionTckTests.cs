namespace Dataspace.Connector.Tests.Tck;

/// <summary>
/// The DSP TCK's contract negotiation consumer cases in which our connector, as consumer, must itself accept, counter
/// or terminate: the decisions scripted by tck/seed.json for the TCK's datasets (side "consumer").
/// </summary>
public sealed class ConsumerNegotiationReactionTckTests
{
    [Fact]
    public async Task CN_C_01_01_Offer_ConsumerAccepted_ProviderAgreed_ConsumerVerified_ProviderFinalized()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0101");
        await cn.SendOfferAsync();
        await cn.ExpectAcceptedAsync();
        await cn.SendAgreementAsync();
        await cn.ExpectVerificationAsync();
        await cn.SendFinalizedAsync();
        await cn.VerifyConsumerStateAsync("FINALIZED");
    }

    [Fact]
    public async Task CN_C_01_02_Offer_ConsumerCounterOffer_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0102");
        await cn.SendOfferAsync();
        var counter = await cn.ExpectAsync("request", "ContractRequestMessage");
        Assert.Equal("offerACNC0102", counter["offer"]?["@id"]?.GetValue<string>());
        await cn.SendTerminationAsync();
        await cn.VerifyConsumerStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_C_01_03_Offer_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0103");
        await cn.SendOfferAsync();
        await cn.ExpectAsync("termination", "ContractNegotiationTerminationMessage");
        await cn.VerifyConsumerStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_C_02_02_Request_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0202");
        await cn.ExpectAsync("termination", "ContractNegotiationTerminationMessage");
        await cn.VerifyConsumerStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_C_02_03_ProviderAgreement_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0203");
        await cn.SendAgreementAsync();
        await cn.ExpectAsync("termination", "ContractNegotiationTerminationMessage");
        await cn.VerifyConsumerStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_C_02_05_Offer_ConsumerAccepted_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0205");
        await cn.SendOfferAsync();
        await cn.ExpectAcceptedAsync();
        await cn.SendTerminationAsync();
        await cn.VerifyConsumerStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_C_03_04_Accepted_InvalidProviderFinalized_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0304");
        await cn.SendOfferAsync();
        await cn.ExpectAcceptedAsync();
        await cn.SendFinalizedAsync(expectError: true);
        await cn.VerifyConsumerStateAsync("ACCEPTED");
    }

    [Fact]
    public async Task CN_C_03_05_Accepted_InvalidProviderOffer_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0305");
        await cn.SendOfferAsync();
        await cn.ExpectAcceptedAsync();
        await cn.SendOfferAsync(expectError: true);
        await cn.VerifyConsumerStateAsync("ACCEPTED");
    }
}
