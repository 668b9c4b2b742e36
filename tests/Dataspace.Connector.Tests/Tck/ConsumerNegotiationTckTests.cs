namespace Dataspace.Connector.Tests.Tck;

/// <summary>
/// The DSP TCK's contract negotiation consumer cases that need no scripted consumer decision (the engine's consumer
/// verifies agreements by itself and leaves offers to its operator): the TCK triggers our connector through
/// /tck/negotiations/requests and plays the provider.
/// </summary>
public sealed class ConsumerNegotiationTckTests
{
    [Fact]
    public async Task CN_C_01_04_Request_ProviderAgreement_ConsumerVerified_ProviderFinalized()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0104");
        await cn.SendAgreementAsync();
        await cn.ExpectVerificationAsync();
        await cn.SendFinalizedAsync();
        await cn.VerifyConsumerStateAsync("FINALIZED");
    }

    [Fact]
    public async Task CN_C_02_01_Request_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0201");
        await cn.SendTerminationAsync();
        await cn.VerifyConsumerStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_C_02_04_Request_OfferReceived_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0204");
        await cn.SendOfferAsync();
        await cn.VerifyConsumerStateAsync("OFFERED");
        await cn.SendTerminationAsync();
        await cn.VerifyConsumerStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_C_02_06_Request_ProviderAgreement_ConsumerVerified_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0206");
        await cn.SendAgreementAsync();
        await cn.ExpectVerificationAsync();
        await cn.SendTerminationAsync();
        await cn.VerifyConsumerStateAsync("TERMINATED");
    }

    [Fact]
    public async Task CN_C_03_01_Requested_InvalidProviderFinalized_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0301");
        await cn.SendFinalizedAsync(expectError: true);
        await cn.VerifyConsumerStateAsync("REQUESTED");
    }

    [Fact]
    public async Task CN_C_03_02_Offered_InvalidProviderAgreement_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0302");
        await cn.SendOfferAsync();
        await cn.VerifyConsumerStateAsync("OFFERED");
        await cn.SendAgreementAsync(expectError: true);
        await cn.VerifyConsumerStateAsync("OFFERED");
    }

    [Fact]
    public async Task CN_C_03_03_Offered_InvalidProviderFinalized_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var cn = new TckConsumerNegotiation(tck.Peer);
        await cn.InitiateRequestAsync("ACNC0303");
        await cn.SendOfferAsync();
        await cn.SendFinalizedAsync(expectError: true);
        await cn.VerifyConsumerStateAsync("OFFERED");
    }

    [Fact]
    public async Task Trigger_WithoutTheTckToken_IsUnauthorized()
    {
        await using var tck = await TckConnector.StartAsync();
        using var http = new HttpClient();
        using var response = await http.PostAsync(tck.Connector.BaseAddress + "/tck/negotiations/requests",
            System.Net.Http.Json.JsonContent.Create(new { providerId = "x", offerId = "y", datasetId = "z", connectorAddress = "http://127.0.0.1:1" }));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Trigger_OutsideTckMode_IsNotMapped()
    {
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path, settings: new Dictionary<string, string?> { [$"Connector:Dsp:StaticTokens:{TckPeer.Token}"] = TckPeer.ParticipantId });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tck/negotiations/requests") { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("Authorization", TckPeer.Token);
        using var response = await connector.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
