namespace Dataspace.Connector.Tests.Tck;

/// <summary>
/// The DSP TCK's contract negotiation provider cases (CN:01-xx to CN:03-xx) against our connector in TCK mode: the
/// same messages in the same order, the TCK's waits, retries and assertions. Fixture ids are those of the TCK's sample
/// configuration, seeded from tck/seed.json.
/// </summary>
public sealed class ProviderNegotiationTckTests
{
    [Fact]
    public async Task CN_01_01_Request_OfferReceived_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0101", "CD123:ACN0101:456");
        await cn.ExpectOfferAsync();
        await cn.SendTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_01_02_Request_OfferReceived_ConsumerCounterOffer_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0102", "CD123:ACN0102:456");
        await cn.ExpectOfferAsync();
        await cn.SendCounterOfferAsync("CD123:ACN0102:456", "ACN0102");
        await cn.ExpectTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_01_03_Request_OfferReceived_ConsumerAccepted_ProviderAgreement_ConsumerVerified_ProviderFinalized()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0103", "CD123:ACN0103:456");
        await cn.ExpectOfferAsync();
        await cn.AcceptAsync();
        await cn.ExpectAgreementAsync();
        await cn.SendVerifiedAsync();
        await cn.ExpectFinalizedAsync();
        await cn.VerifyProviderStateAsync("FINALIZED");
    }

    [Fact]
    public async Task CN_01_04_Request_ProviderAgreement_ConsumerVerified_ProviderFinalized()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0104", "CD123:ACN0104:456");
        await cn.ExpectAgreementAsync();
        await cn.SendVerifiedAsync();
        await cn.ExpectFinalizedAsync();
        await cn.VerifyProviderStateAsync("FINALIZED");
    }

    [Fact]
    public async Task CN_02_01_Request_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0201", "CD123:ACN0201:456");
        await cn.ExpectTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_02_02_Request_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0202", "CD123:ACN0202:456");
        await cn.SendTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_02_03_Request_ProviderAgreement_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0203", "CD123:ACN0203:456");
        await cn.ExpectAgreementAsync();
        await cn.SendTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_02_04_Request_OfferReceived_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0204", "CD123:ACN0204:456");
        await cn.ExpectOfferAsync();
        await cn.SendTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_02_05_Request_OfferReceived_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0205", "CD123:ACN0205:456");
        await cn.ExpectOfferAsync();
        await cn.ExpectTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_02_06_Request_OfferReceived_ConsumerAccepted_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0206", "CD123:ACN0206:456");
        await cn.ExpectOfferAsync();
        await cn.AcceptAsync();
        await cn.ExpectTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_02_07_Request_ProviderAgreement_ConsumerVerified_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0207", "CD123:ACN0207:456");
        await cn.ExpectAgreementAsync();
        await cn.SendVerifiedAsync();
        await cn.ExpectTerminationAsync();
        await cn.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_03_01_Finalized_InvalidConsumerTermination_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0301", "CD123:ACN0301:456");
        await cn.ExpectAgreementAsync();
        await cn.SendVerifiedAsync();
        await cn.ExpectFinalizedAsync();
        await cn.VerifyProviderStateAsync("FINALIZED");
        await cn.SendTerminationAsync(expectError: true);
        await cn.VerifyProviderStateAsync("FINALIZED");
    }

    [Fact]
    public async Task CN_03_02_Offered_InvalidConsumerVerification_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0302", "CD123:ACN0302:456");
        await cn.ExpectOfferAsync();
        await cn.SendVerifiedAsync(expectError: true);
        await cn.VerifyProviderStateAsync("OFFERED");
    }

    [Fact]
    public async Task CN_03_03_Accepted_IllegalConsumerVerification_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0303", "CD123:ACN0303:456");
        await cn.ExpectOfferAsync();
        await cn.AcceptAsync();
        await cn.SendVerifiedAsync(expectError: true);
    }

    [Fact]
    public async Task CN_03_04_Offered_SecondCounterOfferWhileRequested_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = tck.Negotiation();
        await cn.SendRequestAsync("ACN0304", "CD123:ACN0304:456");
        await cn.ExpectOfferAsync();
        await cn.SendCounterOfferAsync("CD123:ACN0304:456", "ACN0304");
        await cn.SendCounterOfferAsync("CD123:ACN0304:456", "ACN0304", expectError: true);
        await cn.VerifyProviderStateAsync("REQUESTED");
    }
}
