using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Metering;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Tests.Protocol;
using Dataspace.Identity.Jose;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Metering;

/// <summary>
/// Issue 15 (metering) between two real DCP connectors: after a pull transfer both hold the receipt signed by both;
/// a pull the consumer's connector never saw makes a dispute with both figures; a tampered summary is refused.
/// </summary>
public sealed class ReceiptExchangeTests
{
    [Fact]
    public async Task PullTransfers_ReceiptsSignedByBoth_DisputeWhenCountsDiffer_TamperedSummaryRefused()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA);
        var content = RandomNumberGenerator.GetBytes(120_000);
        var offerId = await space.PublishAsync("metered-data", content, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var negotiation = await space.NegotiateAsync(offerId);
        Assert.True(negotiation["state"]!.GetValue<string>() == "FINALIZED", negotiation.ToJsonString());
        var agreementId = negotiation["agreementId"]!.GetValue<string>();

        // 1. Pulled through the consumer's connector: both count one request of the same bytes, and agree.
        var first = await StartPullAsync(space, agreementId);
        Assert.Equal(content, await DownloadAsync(space, first["id"]!.GetValue<string>()));
        await space.ConsumerPostAsync($"/transfers/{first["id"]!.GetValue<string>()}/complete", new { });
        var firstPid = first["providerPid"]!.GetValue<string>();
        var providerReceipt = await WaitForReceiptAsync(space.Provider, space.ProviderKey, agreementId, firstPid);
        var consumerReceipt = await WaitForReceiptAsync(space.Consumer, space.ConsumerKey, agreementId, firstPid);
        Assert.Equal("AGREED", providerReceipt["state"]!.GetValue<string>());
        Assert.Equal("AGREED", consumerReceipt["state"]!.GetValue<string>());
        Assert.Equal(providerReceipt["id"]!.GetValue<string>(), consumerReceipt["id"]!.GetValue<string>());
        Assert.Equal(content.Length, providerReceipt["ours"]!["bytes"]!.GetValue<long>());
        Assert.Equal(1, providerReceipt["ours"]!["requests"]!.GetValue<long>());
        Assert.Equal(content.Length, providerReceipt["theirs"]!["bytes"]!.GetValue<long>());
        Assert.Equal("provider", providerReceipt["role"]!.GetValue<string>());
        Assert.Equal("consumer", consumerReceipt["role"]!.GetValue<string>());

        // Each side holds both signatures: its own, and the other's as sent; each names its signer.
        Assert.Equal(providerReceipt["ourSignature"]!.GetValue<string>(), consumerReceipt["theirSignature"]!.GetValue<string>());
        Assert.Equal(consumerReceipt["ourSignature"]!.GetValue<string>(), providerReceipt["theirSignature"]!.GetValue<string>());
        Assert.Equal(space.ProviderDid, Claims(providerReceipt["ourSignature"]!.GetValue<string>())["iss"]!.GetValue<string>());
        Assert.Equal(space.ConsumerDid, Claims(consumerReceipt["ourSignature"]!.GetValue<string>())["iss"]!.GetValue<string>());

        // 2. The consumer's connector downloads once, and the same token is used once more straight at the provider's
        // data plane (as any HTTP client holding the EDR could): the provider counts two requests, the consumer one.
        var second = await StartPullAsync(space, agreementId);
        var secondId = second["id"]!.GetValue<string>();
        Assert.Equal(content, await DownloadAsync(space, secondId));
        var edr = await space.ConsumerGetAsync($"/transfers/{secondId}/edr");
        using (var direct = await PullDirectAsync(edr))
        {
            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            Assert.Equal(content, await direct.Content.ReadAsByteArrayAsync());
        }

        await space.ConsumerPostAsync($"/transfers/{secondId}/complete", new { });
        var secondPid = second["providerPid"]!.GetValue<string>();
        var providerDispute = await WaitForReceiptAsync(space.Provider, space.ProviderKey, agreementId, secondPid);
        var consumerDispute = await WaitForReceiptAsync(space.Consumer, space.ConsumerKey, agreementId, secondPid);
        Assert.Equal("DISPUTED", providerDispute["state"]!.GetValue<string>());
        Assert.Equal("DISPUTED", consumerDispute["state"]!.GetValue<string>());
        Assert.Equal(2 * content.Length, providerDispute["ours"]!["bytes"]!.GetValue<long>());
        Assert.Equal(2, providerDispute["ours"]!["requests"]!.GetValue<long>());
        Assert.Equal(content.Length, providerDispute["theirs"]!["bytes"]!.GetValue<long>());
        Assert.Equal(1, providerDispute["theirs"]!["requests"]!.GetValue<long>());
        Assert.Equal(1, consumerDispute["ours"]!["requests"]!.GetValue<long>());
        Assert.Equal(2, consumerDispute["theirs"]!["requests"]!.GetValue<long>());
        var disputes = await space.ProviderGetAsync("/metering/disputes");
        Assert.Equal(providerDispute["id"]!.GetValue<string>(), Assert.Single(disputes["items"]!.AsArray())!["id"]!.GetValue<string>());
        var csv = await GetTextAsync(space.Provider, space.ProviderKey, "/metering/disputes?format=csv");
        Assert.StartsWith("id,agreementId,transferId,", csv, StringComparison.Ordinal);
        Assert.Contains($",DISPUTED,{2 * content.Length},2,0,0,{content.Length},1,0,0,", csv, StringComparison.Ordinal);

        // 3. A summary whose figures were changed after signing is refused with the reason, and the receipt stays as signed.
        var signed = consumerReceipt["ourSignature"]!.GetValue<string>();
        var parts = signed.Split('.');
        var claims = Claims(signed);
        claims["usage"]!["bytes"] = 1;
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
        var token = await space.Consumer.App.Services.GetRequiredService<IDspTokenProvider>().GetTokenAsync(space.ProviderDid, CancellationToken.None);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, space.ProviderDsp + ReceiptExchange.Path)
        {
            Content = new StringContent(new JsonObject { ["summary"] = tampered }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await http.SendAsync(request);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid-summary", problem["code"]!.GetValue<string>());
        Assert.Contains("signature", problem["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await space.ProviderGetAsync("/metering/receipts/" + Uri.EscapeDataString(providerReceipt["id"]!.GetValue<string>()));
        Assert.Equal("AGREED", after["state"]!.GetValue<string>());
        Assert.Equal(content.Length, after["theirs"]!["bytes"]!.GetValue<long>());

        // A body over Connector:Metering:MaxSummaryBytes is not read.
        // (A DCP token is good for one request: a fresh one.)
        var freshToken = await space.Consumer.App.Services.GetRequiredService<IDspTokenProvider>().GetTokenAsync(space.ProviderDid, CancellationToken.None);
        using (var oversized = await PostSummaryAsync(http, space.ProviderDsp, freshToken, new string('x', 20_000)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
            Assert.Contains("MaxSummaryBytes", await oversized.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Another verified member, validly signing its own summary for this agreement, is not its counter-party.
        var (outsider, outsiderDid) = await space.StartMemberAsync("outsider", new JsonObject { ["dataspace"] = "city" });
        await using (outsider)
        {
            var outsiderClaims = new UsageSummaryClaims(providerReceipt["id"]!.GetValue<string>(), outsiderDid, space.ProviderDid, agreementId, firstPid,
                DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow, "consumer", new Sdk.Metering.UsageTotals(1, 1, 0, 0, 0));
            var outsiderSummary = await outsider.App.Services.GetServices<IUsageSummarySigner>().Single().SignAsync(outsiderClaims.ToJson(), CancellationToken.None);
            var outsiderToken = await outsider.App.Services.GetRequiredService<IDspTokenProvider>().GetTokenAsync(space.ProviderDid, CancellationToken.None);
            using var stranger = await PostSummaryAsync(http, space.ProviderDsp, outsiderToken, outsiderSummary);
            var body = JsonNode.Parse(await stranger.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
            Assert.Equal($"no agreement '{agreementId}' between you and this connector", body["reason"]!.GetValue<string>());
        }

        // Without a DCP token the receipt endpoint answers like every DSP endpoint to a stranger.
        using var anonymous = await http.PostAsync(space.ProviderDsp + ReceiptExchange.Path, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    /// <summary>With a short receipt period, the provider settles each used period with the consumer on its own.</summary>
    [Fact]
    public async Task ReceiptPeriod_UsedPeriodSettledByBoth()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256,
            new Dictionary<string, string?> { ["Connector:Metering:ReceiptPeriod"] = "00:00:02" });
        var content = RandomNumberGenerator.GetBytes(5_000);
        var offerId = await space.PublishAsync("period-data", content, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var agreementId = (await space.NegotiateAsync(offerId))["agreementId"]!.GetValue<string>();
        var pull = await StartPullAsync(space, agreementId);

        // Each side dates its record by its own clock: downloading early in a period keeps both records in the same one.
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 2000 is < 100 or > 600)
        {
            await Task.Delay(20);
        }

        Assert.Equal(content, await DownloadAsync(space, pull["id"]!.GetValue<string>()));

        // No completion: the transfer stays STARTED, so only the period's end makes a receipt.
        var provider = await WaitForReceiptAsync(space.Provider, space.ProviderKey, agreementId, null);
        var consumer = await WaitForReceiptAsync(space.Consumer, space.ConsumerKey, agreementId, null);
        Assert.Equal("AGREED", provider["state"]!.GetValue<string>());
        Assert.Equal(provider["id"]!.GetValue<string>(), consumer["id"]!.GetValue<string>());
        Assert.Equal(content.Length, consumer["ours"]!["bytes"]!.GetValue<long>());
        var start = provider["periodStart"]!.GetValue<DateTimeOffset>();
        Assert.Equal(TimeSpan.FromSeconds(2), provider["periodEnd"]!.GetValue<DateTimeOffset>() - start);
        Assert.Equal(0, start.ToUnixTimeMilliseconds() % 2000);
    }

    /// <summary>Periods used before the last closed one (a connector down at their end) are settled too, oldest first.</summary>
    [Fact]
    public async Task ReceiptPeriod_EarlierUnsettledPeriods_AreSettledToo()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256,
            new Dictionary<string, string?> { ["Connector:Metering:ReceiptPeriod"] = "00:00:02" });
        var offerId = await space.PublishAsync("late-data", RandomNumberGenerator.GetBytes(100), ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var agreementId = (await space.NegotiateAsync(offerId))["agreementId"]!.GetValue<string>();

        // Provider usage in two periods well before the last closed one, as if the connector had been down at their end.
        var (_, lastEnd) = ReceiptPeriodWorker.LastClosedPeriod(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2));
        var ends = new[] { lastEnd.AddSeconds(-20), lastEnd.AddSeconds(-10) };
        var records = space.Provider.App.Services.GetRequiredService<Sdk.Metering.IUsageRecordStore>();
        foreach (var end in ends)
        {
            await records.AppendAsync(new Sdk.Metering.UsageRecord
            {
                AgreementId = agreementId, CounterPartyId = space.ConsumerDid, Role = Sdk.Storage.ProcessRole.Provider, Kind = Sdk.Metering.UsageKind.DataAccess,
                Bytes = 10, Requests = 1, At = end.AddSeconds(-1),
            }, CancellationToken.None);
        }

        var receipts = space.Provider.App.Services.GetRequiredService<Sdk.Metering.IUsageReceiptStore>();
        foreach (var end in ends)
        {
            var id = ReceiptIds.ForPeriod(agreementId, end.AddSeconds(-2), end);
            Sdk.Metering.UsageReceipt? receipt = null;
            for (var wait = 0; wait < 150 && receipt is not { State: not Sdk.Metering.ReceiptState.Pending }; wait++)
            {
                await Task.Delay(100);
                receipt = await receipts.GetAsync(id, CancellationToken.None);
            }

            // The consumer's connector recorded nothing then: both figures are kept, as a dispute.
            Assert.NotNull(receipt);
            Assert.Equal(Sdk.Metering.ReceiptState.Disputed, receipt.State);
            Assert.Equal(10, receipt.Ours.Bytes);
            Assert.Equal(0, receipt.Theirs!.Bytes);
        }
    }

    /// <summary>A peer sending more summaries than allowed per period is answered 429 with the reason, before any is verified.</summary>
    [Fact]
    public async Task Summaries_BeyondThePerPeerLimit_Answered429WithTheReason()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256,
            new Dictionary<string, string?> { ["Connector:Metering:MaxSummariesPerPeerPerPeriod"] = "2" });
        using var http = new HttpClient();
        var tokens = space.Consumer.App.Services.GetRequiredService<IDspTokenProvider>();
        for (var i = 0; i < 2; i++)
        {
            using var invalid = await PostSummaryAsync(http, space.ProviderDsp, await tokens.GetTokenAsync(space.ProviderDid, CancellationToken.None), "not.a.jws");
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using var refused = await PostSummaryAsync(http, space.ProviderDsp, await tokens.GetTokenAsync(space.ProviderDid, CancellationToken.None), "not.a.jws");
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("too-many-summaries", problem["code"]!.GetValue<string>());
        Assert.Contains("Connector:Metering:MaxSummariesPerPeerPerPeriod", problem["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostSummaryAsync(HttpClient http, string dsp, string? token, string summary)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, dsp + ReceiptExchange.Path)
        {
            Content = new StringContent(new JsonObject { ["summary"] = summary }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static async Task<JsonNode> StartPullAsync(DcpDataspace space, string agreementId)
    {
        var transfer = await space.ConsumerPostAsync("/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var reached = await space.WaitForStateAsync(space.Consumer, space.ConsumerKey, "/transfers/" + transfer["id"]!.GetValue<string>(), "STARTED", "TERMINATED");
        Assert.True(reached["state"]!.GetValue<string>() == "STARTED", reached.ToJsonString());
        return reached;
    }

    private static async Task<JsonNode> WaitForReceiptAsync(TestConnector connector, string key, string agreementId, string? providerPid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ConnectorPair.SendAsync(connector, key, HttpMethod.Get, "/metering/receipts?agreementId=" + Uri.EscapeDataString(agreementId), null);
            var receipt = last["items"]!.AsArray().FirstOrDefault(r => r!["transferId"]?.GetValue<string>() == providerPid);
            if (receipt?["state"]!.GetValue<string>() is "AGREED" or "DISPUTED" or "UNCONFIRMED")
            {
                return receipt;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no settled receipt for {providerPid ?? "a period"}; last: {last?.ToJsonString()}");
    }

    private static async Task<byte[]> DownloadAsync(DcpDataspace space, string id)
    {
        using var request = space.Consumer.Management(HttpMethod.Get, $"/transfers/{id}/data", space.ConsumerKey);
        using var response = await space.Consumer.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"download answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<string> GetTextAsync(TestConnector connector, string key, string path)
    {
        using var request = connector.Management(HttpMethod.Get, path, key);
        using var response = await connector.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> PullDirectAsync(JsonNode edr)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, edr["endpoint"]!.GetValue<string>());
        var token = edr["authorization"]!.GetValue<string>();
        request.Headers.TryAddWithoutValidation("Authorization", string.Equals(edr["authType"]?.GetValue<string>(), "bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer " + token : token);
        return await http.SendAsync(request);
    }

    private static JsonObject Claims(string jws) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(jws.Split('.')[1]))!.AsObject();
}
