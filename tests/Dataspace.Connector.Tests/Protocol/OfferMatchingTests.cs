using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>A consumer's offer is matched to ours by meaning over DSP: another JSON-LD form of the same rules is accepted, other rules are refused.</summary>
public sealed class OfferMatchingTests
{
    [Fact]
    public async Task ContractRequest_WithEmptyConstraintArray_IsAcceptedAsTheSameOffer_AndOtherRulesAreRefused()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());

        var (status, body) = await RequestAsync(pair, offerId, new JsonObject { ["action"] = "use", ["constraint"] = new JsonArray() });
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body}");
        var providerPid = JsonNode.Parse(body)!["providerPid"]!.GetValue<string>();
        await pair.WaitForStateAsync(pair.Provider, pair.ProviderKey, "/negotiations/" + Uri.EscapeDataString(providerPid), "AGREED");

        (status, body) = await RequestAsync(pair, offerId, new JsonObject
        {
            ["action"] = "use",
            ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = "purpose", ["operator"] = "eq", ["rightOperand"] = "research" }),
        });
        Assert.True(status == HttpStatusCode.BadRequest, $"{(int)status} {body}");
        Assert.Contains("rules differ", body, StringComparison.Ordinal);
        Assert.Equal(1, (await pair.ProviderGetAsync("/negotiations"))["total"]!.GetValue<long>());
    }

    private static async Task<(HttpStatusCode Status, string Body)> RequestAsync(ConnectorPair pair, string offerId, JsonObject permission)
    {
        var message = new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractRequestMessage",
            ["consumerPid"] = "urn:uuid:" + Guid.NewGuid(),
            ["callbackAddress"] = DspBadInputTests.DeadCallback,
            ["offer"] = new JsonObject { ["@id"] = offerId, ["target"] = "data", ["permission"] = new JsonArray(permission) },
        };
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, pair.ProviderDsp + "/negotiations/request")
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "consumer-secret-token");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
