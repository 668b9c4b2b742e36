using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>Issue 4 end to end: two connectors authenticate DSP calls with DCP, and a claim policy decides on the verified credential.</summary>
public sealed class DcpNegotiationTests
{
    private const string CatalogRequest = """{"@context":["https://w3id.org/dspace/2025/1/context.jsonld"],"@type":"CatalogRequestMessage"}""";

    [Theory]
    [InlineData(true, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA, CredentialProfile.Vc20BitstringStatusList)]
    [InlineData(false, JwsAlgorithms.EdDSA, JwsAlgorithms.ES256, CredentialProfile.Vc11StatusList2021)]
    public async Task Negotiation_ClaimPolicy_IsTerminatedWithoutTheCredential_AndFinalizedWithIt(bool didWeb, string providerAlgorithm, string consumerAlgorithm, CredentialProfile profile)
    {
        await using var space = await DcpDataspace.StartAsync(didWeb, providerAlgorithm, consumerAlgorithm);
        Assert.StartsWith(didWeb ? "did:web:" : "did:key:", space.ProviderDid, StringComparison.Ordinal);
        var offerId = await space.PublishAsync("members-data", ConnectorPair.OpenPolicy(), ConnectorPair.ClaimPolicy("MembershipCredential", "dataspace", "city"));

        var catalog = await space.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = space.ProviderDsp, counterPartyId = space.ProviderDid });
        Assert.Equal(space.ProviderDid, catalog["participantId"]!.GetValue<string>());
        Assert.Equal(offerId, catalog["datasets"]![0]!["offers"]![0]!["id"]!.GetValue<string>());

        var refused = await space.NegotiateAsync(offerId);
        Assert.Equal("TERMINATED", refused["state"]!.GetValue<string>());
        Assert.Contains("policy-denied", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"does not permit {space.ConsumerDid}", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var jwt = await space.IssueAsync(space.ConsumerDid, "MembershipCredential", new JsonObject { ["dataspace"] = "city" }, profile);
        var imported = await space.ImportIntoConsumerWalletAsync(jwt);
        Assert.Equal(space.ConsumerDid, imported["subject"]!.GetValue<string>());

        var agreed = await space.NegotiateAsync(offerId);
        Assert.True(agreed["state"]!.GetValue<string>() == "FINALIZED", agreed.ToJsonString());
        var agreement = await ConnectorPair.SendAsync(space.Provider, space.ProviderKey, HttpMethod.Get, "/agreements/" + Uri.EscapeDataString(agreed["agreementId"]!.GetValue<string>()), null);
        Assert.Equal(space.ProviderDid, agreement["policy"]!["assigner"]!.GetValue<string>());
        Assert.Equal(space.ConsumerDid, agreement["policy"]!["assignee"]!.GetValue<string>());
    }

    [Fact]
    public async Task CatalogRequest_WithoutOrWithForgedToken_Is401WithTheReason_AndByUrlAlone_SaysTheDidIsNeeded()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256);
        using var http = new HttpClient();

        using var none = await http.PostAsync(space.ProviderDsp + "/catalog/request", new StringContent(CatalogRequest, Encoding.UTF8, "application/json"));
        var noneBody = JsonNode.Parse(await none.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("CatalogError", noneBody["@type"]!.GetValue<string>());
        Assert.Contains("MissingToken", noneBody["reason"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // A token naming the consumer, signed by a key that is not in the consumer's DID document.
        var consumerKeyId = space.Consumer.App.Services.GetRequiredService<ILocalIdentityProvider>().Current.Signer.KeyId;
        using var forger = SigningKey.Generate(JwsAlgorithms.ES256);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var forged = CompactJws.Sign(
            new JsonObject { ["iss"] = space.ConsumerDid, ["sub"] = space.ConsumerDid, ["aud"] = space.ProviderDid, ["jti"] = Guid.NewGuid().ToString(), ["iat"] = now, ["exp"] = now + 60, ["token"] = "x" },
            forger, consumerKeyId);
        using var request = new HttpRequestMessage(HttpMethod.Post, space.ProviderDsp + "/catalog/request") { Content = new StringContent(CatalogRequest, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        using var forgedResponse = await http.SendAsync(request);
        var forgedBody = JsonNode.Parse(await forgedResponse.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
        Assert.Contains("InvalidSignature", forgedBody["reason"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var byUrl = await Assert.ThrowsAsync<HttpRequestException>(() => space.ConsumerPostAsync("/catalog/request", new { counterPartyAddress = space.ProviderDsp }));
        Assert.Equal(HttpStatusCode.BadGateway, byUrl.StatusCode);
        Assert.Contains("counterPartyId", byUrl.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DcpConnector_PublishesItsDidDocument_KeepsVersionPublic_AndGuardsIdentityManagementWithTheApiKey()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.EdDSA, JwsAlgorithms.ES256);
        using var http = new HttpClient { BaseAddress = new Uri(space.Provider.BaseAddress) };

        var document = JsonNode.Parse(await http.GetStringAsync("/.well-known/did.json"))!;
        using var version = await http.GetAsync("/.well-known/dspace-version");
        using var trust = await http.GetAsync("/.well-known/dspace-trust");
        using var withoutKey = await http.GetAsync("/api/management/v1/identity/credentials");
        var openApi = JsonNode.Parse(await http.GetStringAsync("/api/management/v1/openapi.json"))!;

        Assert.Equal(space.ProviderDid, document["id"]!.GetValue<string>());
        Assert.Contains(document["service"]!.AsArray(), s => s!["type"]!.GetValue<string>() == "CredentialService");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(space.ProviderDid, JsonNode.Parse(await trust.Content.ReadAsStringAsync())!["did"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal("Identity", openApi["paths"]!["/api/management/v1/identity/credentials"]!["post"]!["tags"]![0]!.GetValue<string>());
        var info = await ConnectorPair.SendAsync(space.Provider, space.ProviderKey, HttpMethod.Get, "/info", null);
        Assert.Equal(space.ProviderDid, info["participantId"]!.GetValue<string>());
    }

    [Fact]
    public async Task DcpConnector_ParticipantIdOtherThanItsDid_DoesNotStart()
    {
        using var temp = new TempDirectory();

        var e = await Assert.ThrowsAsync<Dataspace.Connector.Host.ConnectorStartupException>(() => TestConnector.StartAsync(temp.Sub("c"), settings: new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:someone-else.example",
            ["Connector:Identity:KeyStoreSecret"] = DcpDataspace.Secret,
            ["Connector:Identity:Did"] = "did:web:bank.example",
            ["Connector:Identity:PublicUrl"] = "https://bank.example",
        }));

        Assert.Contains("Connector:ParticipantId is 'did:web:someone-else.example' but the connector's DID is 'did:web:bank.example'", e.Message, StringComparison.Ordinal);
    }
}
