using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// Issue 12: an offer whose access policy hides it from a participant in the catalog cannot be negotiated by its id,
/// and neither the negotiation nor the dataset endpoint tells a hidden offer or dataset from one that does not exist.
/// </summary>
public sealed class HiddenOfferTests
{
    private const string Context = "https://w3id.org/dspace/2025/1/context.jsonld";
    private const string ConsumerToken = "consumer-secret-token";

    [Fact]
    public async Task ContractRequest_ForAnOfferHiddenByItsAccessPolicy_IsAnsweredExactlyLikeAnUnknownOffer_AndStoresNothing()
    {
        await using var pair = await ConnectorPair.StartAsync();
        // The static-token consumer holds no credentials: a members-only access policy hides the offer from it.
        var open = ConnectorPair.OpenPolicy();
        var visibleOffer = await pair.PublishAsync("visible-data", [1], open, open);
        var hiddenOffer = await pair.PublishAsync("hidden-data", [2], ConnectorPair.ClaimPolicy("MembershipCredential", "dataspace", "city"), open);
        using var http = new HttpClient();

        // The consumer's view: only the visible dataset, whose offer (same contract policy) is the template for the request.
        var catalog = await PostDspAsync(http, pair, "/catalog/request", new JsonObject { ["@context"] = new JsonArray(Context), ["@type"] = "CatalogRequestMessage" });
        Assert.Equal(HttpStatusCode.OK, catalog.Status);
        var dataset = Assert.Single(JsonNode.Parse(catalog.Body)!["dataset"]!.AsArray())!;
        Assert.Equal("visible-data", dataset["@id"]!.GetValue<string>());
        var template = dataset["hasPolicy"]![0]!;
        Assert.Equal(visibleOffer, template["@id"]!.GetValue<string>());

        // Control: the visible offer is accepted, so the request shape is right and a refusal below is the policy's.
        var accepted = await PostDspAsync(http, pair, "/negotiations/request", Request(pair, template, visibleOffer, "visible-data", "urn:uuid:c-visible"));
        Assert.True(accepted.Status == HttpStatusCode.Created, accepted.Body);

        const string missingOffer = "absent-data-offer";
        var hidden = await PostDspAsync(http, pair, "/negotiations/request", Request(pair, template, hiddenOffer, "hidden-data", "urn:uuid:c-hidden"));
        var missing = await PostDspAsync(http, pair, "/negotiations/request", Request(pair, template, missingOffer, "hidden-data", "urn:uuid:c-missing"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(missing.Status, hidden.Status);
        Assert.Equal(missing.ContentType, hidden.ContentType);
        Assert.Equal(
            missing.Body.Replace(missingOffer, "{offer}", StringComparison.Ordinal).Replace("urn:uuid:c-missing", "{consumerPid}", StringComparison.Ordinal),
            hidden.Body.Replace(hiddenOffer, "{offer}", StringComparison.Ordinal).Replace("urn:uuid:c-hidden", "{consumerPid}", StringComparison.Ordinal));
        Assert.Equal($"no offer with id '{hiddenOffer}'", JsonNode.Parse(hidden.Body)!["reason"]![0]!.GetValue<string>());

        // Nothing was stored for the hidden offer: the provider holds only the visible negotiation.
        var negotiations = await pair.ProviderGetAsync("/negotiations");
        var offers = negotiations["items"]!.AsArray().Select(n => n!["offerId"]?.GetValue<string>()).ToList();
        Assert.DoesNotContain(hiddenOffer, offers);
        Assert.Contains(visibleOffer, offers);
    }

    [Fact]
    public async Task DatasetById_HiddenDataset_IsAnsweredExactlyLikeAMissingOne()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var open = ConnectorPair.OpenPolicy();
        await pair.PublishAsync("hidden-set", [2], ConnectorPair.ClaimPolicy("MembershipCredential", "dataspace", "city"), open);
        await pair.PublishAsync("listed-set", [1], open, open);
        using var http = new HttpClient();

        var listed = await GetDspAsync(http, pair, "/catalog/datasets/listed-set");
        var hidden = await GetDspAsync(http, pair, "/catalog/datasets/hidden-set");
        var missing = await GetDspAsync(http, pair, "/catalog/datasets/absent-set");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(missing.Status, hidden.Status);
        Assert.Equal(missing.ContentType, hidden.ContentType);
        Assert.Equal(missing.Body.Replace("absent-set", "{id}", StringComparison.Ordinal), hidden.Body.Replace("hidden-set", "{id}", StringComparison.Ordinal));
    }

    private static JsonObject Request(ConnectorPair pair, JsonNode template, string offerId, string target, string consumerPid)
    {
        var offer = template.DeepClone().AsObject();
        offer["@id"] = offerId;
        offer["target"] = target;
        return new JsonObject
        {
            ["@context"] = new JsonArray(Context),
            ["@type"] = "ContractRequestMessage",
            ["consumerPid"] = consumerPid,
            ["callbackAddress"] = pair.Consumer.BaseAddress + "/api/dsp",
            ["offer"] = offer,
        };
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> PostDspAsync(HttpClient http, ConnectorPair pair, string path, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pair.ProviderDsp + path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        return await SendAsync(http, request);
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> GetDspAsync(HttpClient http, ConnectorPair pair, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pair.ProviderDsp + path);
        return await SendAsync(http, request);
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConsumerToken);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }
}
