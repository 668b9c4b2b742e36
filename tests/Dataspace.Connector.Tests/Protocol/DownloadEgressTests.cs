using System.Net;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// The consumer operator's download goes through the egress policy like every other outgoing request; when the policy
/// refuses the provider's data-plane address, the operator is told so, and which setting would allow it.
/// </summary>
public sealed class DownloadEgressTests
{
    [Fact]
    public async Task Download_FromADataPlaneTheEgressPolicyRefuses_Is502NamingThePolicy_AndNothingIsContacted()
    {
        // The provider announces its data plane on 127.0.0.2; the consumer allows only 127.0.0.1 (where the provider's DSP is).
        await using var peer = await FinalizedPeer.StartAsync(
            new Dictionary<string, string?> { ["Connector:Dsp:PublicUrl"] = "http://127.0.0.2:9/api/dsp" },
            new Dictionary<string, string?>
            {
                ["Connector:Egress:AllowPrivateNetworks"] = "false",
                ["Connector:Egress:AllowedNetworks:0"] = "127.0.0.1/32",
            });
        var pair = peer.Pair;
        var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId = peer.AgreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var started = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "STARTED", "TERMINATED");
        Assert.True(started["state"]!.GetValue<string>() == "STARTED", started.ToJsonString());
        Assert.StartsWith("http://127.0.0.2:9/", (await pair.ConsumerGetAsync($"/transfers/{id}/edr"))["endpoint"]!.GetValue<string>(), StringComparison.Ordinal);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{pair.Consumer.BaseAddress}/api/management/v1/transfers/{id}/data");
        request.Headers.Add("X-Api-Key", pair.ConsumerKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var detail = JsonNode.Parse(body)!["detail"]!.GetValue<string>();
        Assert.Contains("was not contacted", detail, StringComparison.Ordinal);
        Assert.Contains("egress policy", detail, StringComparison.Ordinal);
        Assert.Contains("AllowedNetworks", detail, StringComparison.Ordinal);
    }
}
