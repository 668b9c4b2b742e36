using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>Pull and push transfers between two real connectors, with suspension, resumption, completion and count limits.</summary>
public sealed class TransferFlowTests
{
    [Fact]
    public async Task PullTransfer_DownloadsTheData_SuspendResumeAndComplete()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var content = RandomNumberGenerator.GetBytes(300_000);
        var agreementId = await NegotiateAsync(pair, "measurements", content, ConnectorPair.OpenPolicy());

        var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var started = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "STARTED", "TERMINATED");
        Assert.True(started["state"]!.GetValue<string>() == "STARTED", started.ToJsonString());

        Assert.Equal(content, await DownloadAsync(pair, id));
        using (var ranged = await SendDataAsync(pair, id, new RangeHeaderValue(1000, 1999)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
            Assert.Equal(content.AsSpan(1000, 1000).ToArray(), await ranged.Content.ReadAsByteArrayAsync());
        }

        // The provider suspends: the token stops working, and the consumer sees SUSPENDED.
        var providerPid = started["providerPid"]!.GetValue<string>();
        await pair.ProviderPostAsync($"/transfers/{Uri.EscapeDataString(providerPid)}/suspend", new { reason = "maintenance" });
        await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "SUSPENDED");
        var edr = await pair.ProviderGetAsync($"/transfers/{Uri.EscapeDataString(providerPid)}");
        Assert.Equal("SUSPENDED", edr["state"]!.GetValue<string>());
        await Assert.ThrowsAsync<HttpRequestException>(() => pair.ConsumerGetAsync($"/transfers/{id}/edr"));

        // The consumer resumes: a new start message with a fresh token.
        await pair.ConsumerPostAsync($"/transfers/{id}/resume", new { });
        await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "STARTED");
        Assert.Equal(content, await DownloadAsync(pair, id));

        await pair.ConsumerPostAsync($"/transfers/{id}/complete", new { });
        await pair.WaitForStateAsync(pair.Provider, pair.ProviderKey, $"/transfers/{Uri.EscapeDataString(providerPid)}", "COMPLETED");
    }

    [Fact]
    public async Task PullTransfer_CountLimitedAgreement_StopsServingWhenExhausted()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var limited = ConnectorPair.OpenPolicy();
        limited["permission"]![0]!["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = "count", ["operator"] = "lteq", ["rightOperand"] = 2 });
        var content = RandomNumberGenerator.GetBytes(1000);
        var agreementId = await NegotiateAsync(pair, "limited", content, limited);

        var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "STARTED");

        Assert.Equal(content, await DownloadAsync(pair, id));
        Assert.Equal(content, await DownloadAsync(pair, id));
        using var third = await SendDataAsync(pair, id, null);

        Assert.Equal(HttpStatusCode.Forbidden, third.StatusCode);
        Assert.Contains("does not permit", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushTransfer_DeliversTheDataToTheConsumersEndpoint_AndCompletes()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var content = RandomNumberGenerator.GetBytes(200_000);
        var agreementId = await NegotiateAsync(pair, "pushed", content, ConnectorPair.OpenPolicy());
        await using var receiver = await PushReceiver.StartAsync();

        var transfer = await pair.ConsumerPostAsync("/transfers", new
        {
            agreementId,
            transferType = "HttpData-PUSH",
            destination = new { endpoint = receiver.Url, properties = new Dictionary<string, string> { ["authorization"] = "Bearer receiver-secret" } },
        });
        var id = transfer["id"]!.GetValue<string>();

        var completed = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "COMPLETED", "TERMINATED");
        Assert.True(completed["state"]!.GetValue<string>() == "COMPLETED", completed.ToJsonString());
        var (body, authorization) = await receiver.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(content, body);
        Assert.Equal("Bearer receiver-secret", authorization);
    }

    [Fact]
    public async Task Transfer_UnknownAgreement_IsRefusedWithReason()
    {
        await using var pair = await ConnectorPair.StartAsync();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ConsumerPostAsync("/transfers", new { agreementId = "urn:uuid:nope", transferType = "HttpData-PULL" }));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Contains("no agreement 'urn:uuid:nope'", e.Message, StringComparison.Ordinal);
    }

    private static async Task<string> NegotiateAsync(ConnectorPair pair, string assetId, byte[] content, JsonObject contractPolicy)
    {
        var offerId = await pair.PublishAsync(assetId, content, ConnectorPair.OpenPolicy(), contractPolicy);
        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var finalized = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED");
        return finalized["agreementId"]!.GetValue<string>();
    }

    private static async Task<byte[]> DownloadAsync(ConnectorPair pair, string id)
    {
        using var response = await SendDataAsync(pair, id, null);
        Assert.True(response.IsSuccessStatusCode, $"download answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static Task<HttpResponseMessage> SendDataAsync(ConnectorPair pair, string id, RangeHeaderValue? range)
    {
        var request = pair.Consumer.Management(HttpMethod.Get, $"/transfers/{id}/data", pair.ConsumerKey);
        request.Headers.Range = range;
        return pair.Consumer.Http.SendAsync(request);
    }

}
