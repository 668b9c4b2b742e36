using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>Per-peer quotas on new negotiations and transfer requests: over it, 429 with Retry-After and a DSP error; other peers and stored state unaffected.</summary>
public sealed class PeerQuotaTests
{
    [Fact]
    public async Task MemberOverItsNegotiationQuota_Gets429WithRetryAfter_OtherMemberIsUnaffected_NothingStored()
    {
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>
        {
            ["Connector:Quotas:NegotiationsPerMinute"] = "3",
            ["Connector:Quotas:NegotiationBurst"] = "3",
            ["Connector:Dsp:StaticTokens:other-member-token"] = "did:web:other.example",
        });
        var offerId = await pair.PublishAsync("data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());

        for (var i = 0; i < 3; i++)
        {
            var (ok, _, okBody) = await PostAsync(pair, "consumer-secret-token", "/negotiations/request", NegotiationRequest(offerId));
            Assert.True(ok == HttpStatusCode.Created, okBody);
        }

        var (status, retryAfter, body) = await PostAsync(pair, "consumer-secret-token", "/negotiations/request", NegotiationRequest(offerId));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 20);
        var error = JsonNode.Parse(body)!;
        Assert.Equal("ContractNegotiationError", error["@type"]!.GetValue<string>());
        Assert.Equal("too-many-requests", error["code"]!.GetValue<string>());
        Assert.Contains("quota", error["reason"]!.ToJsonString(), StringComparison.Ordinal);

        var (other, _, otherBody) = await PostAsync(pair, "other-member-token", "/negotiations/request", NegotiationRequest(offerId));
        Assert.True(other == HttpStatusCode.Created, otherBody);
        Assert.Equal(4, (await pair.ProviderGetAsync("/negotiations"))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task MemberWithTooManyOpenNegotiations_Gets429_UntilSomeEnd()
    {
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>
        {
            ["Connector:Quotas:MaxOpenNegotiationsPerPeer"] = "2",
            ["Connector:Dsp:StaticTokens:other-member-token"] = "did:web:other.example",
        });
        var offerId = await pair.PublishAsync("data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var pids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var (ok, _, okBody) = await PostAsync(pair, "consumer-secret-token", "/negotiations/request", NegotiationRequest(offerId));
            Assert.True(ok == HttpStatusCode.Created, okBody);
            pids.Add(JsonNode.Parse(okBody)!["providerPid"]!.GetValue<string>());
        }

        var (status, retryAfter, body) = await PostAsync(pair, "consumer-secret-token", "/negotiations/request", NegotiationRequest(offerId));
        Assert.True(status == HttpStatusCode.TooManyRequests, body);
        Assert.NotNull(retryAfter);
        Assert.Contains("open", body, StringComparison.Ordinal);
        var (other, _, otherBody) = await PostAsync(pair, "other-member-token", "/negotiations/request", NegotiationRequest(offerId));
        Assert.True(other == HttpStatusCode.Created, otherBody);

        // Once one of its negotiations has ended, the member may start another.
        // The provider is agreeing to it meanwhile; a termination that meets a transition is answered 409 "try again".
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await pair.ProviderPostAsync($"/negotiations/{Uri.EscapeDataString(pids[0])}/terminate", new { reason = "test" });
                break;
            }
            catch (HttpRequestException e) when (attempt < 50 && e.Message.Contains("answered 409", StringComparison.Ordinal))
            {
                await Task.Delay(100);
            }
        }

        await pair.WaitForStateAsync(pair.Provider, pair.ProviderKey, "/negotiations/" + Uri.EscapeDataString(pids[0]), "TERMINATED");
        var (again, _, againBody) = await PostAsync(pair, "consumer-secret-token", "/negotiations/request", NegotiationRequest(offerId));
        Assert.True(again == HttpStatusCode.Created, againBody);
    }

    [Fact]
    public async Task MemberOverItsTransferQuota_Gets429_BeforeTheRequestIsLookedAt()
    {
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>
        {
            ["Connector:Quotas:TransfersPerMinute"] = "2",
            ["Connector:Quotas:TransferBurst"] = "2",
        });
        var request = new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "TransferRequestMessage",
            ["consumerPid"] = "urn:uuid:" + Guid.NewGuid(),
            ["agreementId"] = "urn:uuid:no-such-agreement",
            ["format"] = "HttpData-PULL",
            ["callbackAddress"] = DspBadInputTests.DeadCallback,
        };

        for (var i = 0; i < 2; i++)
        {
            var (refused, _, _) = await PostAsync(pair, "consumer-secret-token", "/transfers/request", request);
            Assert.Equal(HttpStatusCode.BadRequest, refused); // no such agreement, but it counts
        }

        var (status, retryAfter, body) = await PostAsync(pair, "consumer-secret-token", "/transfers/request", request);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.NotNull(retryAfter);
        Assert.Equal("TransferError", JsonNode.Parse(body)!["@type"]!.GetValue<string>());
        Assert.Equal(0, (await pair.ProviderGetAsync("/transfers"))["total"]!.GetValue<long>());
    }

    [Fact]
    public void Buckets_RefillAtTheRate_AndTheTableStaysBounded()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var quotas = new PeerQuotas(Options.Create(new QuotaOptions { NegotiationsPerMinute = 60, NegotiationBurst = 2, MaxTrackedPeers = 100 }), clock);

        Assert.Null(quotas.TryTake(PeerQuotas.Negotiations, "did:web:a"));
        Assert.Null(quotas.TryTake(PeerQuotas.Negotiations, "did:web:a"));
        var wait = quotas.TryTake(PeerQuotas.Negotiations, "did:web:a");
        Assert.NotNull(wait);
        Assert.InRange(wait.Value.TotalSeconds, 0.9, 1.1);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(quotas.TryTake(PeerQuotas.Negotiations, "did:web:a"));

        for (var i = 0; i < 10_000; i++)
        {
            quotas.TryTake(PeerQuotas.Negotiations, $"did:key:fresh-{i}");
        }

        Assert.Equal(100, quotas.Count);
    }

    private static JsonObject NegotiationRequest(string offerId) => new()
    {
        ["@context"] = new JsonArray(DspBadInputTests.Context),
        ["@type"] = "ContractRequestMessage",
        ["consumerPid"] = "urn:uuid:" + Guid.NewGuid(),
        ["callbackAddress"] = DspBadInputTests.DeadCallback,
        ["offer"] = new JsonObject { ["@id"] = offerId, ["target"] = "data", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) },
    };

    private static async Task<(HttpStatusCode Status, TimeSpan? RetryAfter, string Body)> PostAsync(ConnectorPair pair, string token, string path, JsonObject message)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, pair.ProviderDsp + path)
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync());
    }
}
