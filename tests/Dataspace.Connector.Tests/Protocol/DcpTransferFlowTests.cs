using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Jose;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// Issue 6 end to end: an authority and two did:web connectors that authenticate every DSP call with DCP (no static
/// tokens) go through catalog, negotiation, pull and push transfers, suspension, resumption and termination.
/// </summary>
public sealed class DcpTransferFlowTests
{
    private const string Membership = "MembershipCredential";

    [Fact]
    public async Task MembersOnly_CatalogNegotiationPullPushSuspendResumeAndTerminate_AllOverDcp()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA);
        foreach (var connector in new[] { space.Provider, space.Consumer })
        {
            Assert.Empty(connector.App.Services.GetRequiredService<IOptions<DspOptions>>().Value.StaticTokens);
            Assert.Equal("DcpDspAuthenticator", connector.App.Services.GetRequiredService<IDspCallerAuthenticator>().GetType().Name);
            Assert.Equal("DcpDspTokenProvider", connector.App.Services.GetRequiredService<IDspTokenProvider>().GetType().Name);
        }

        // Both are members; the provider's credential is what the consumer reads when the provider's messages reach it.
        var providerMembership = await space.ImportIntoProviderWalletAsync(
            await space.IssueAsync(space.ProviderDid, Membership, new JsonObject { ["dataspace"] = "city" }, CredentialProfile.Vc20BitstringStatusList));
        Assert.Equal("Valid", providerMembership["state"]!.GetValue<string>());

        var content = RandomNumberGenerator.GetBytes(250_000);
        var members = ConnectorPair.ClaimPolicy(Membership, "dataspace", "city");
        var offerId = await space.PublishAsync("members-data", content, members, members);
        await space.PublishAsync("gold-data", [9], ConnectorPair.ClaimPolicy(Membership, "level", "gold"), members);

        // Without a credential the consumer is authenticated by its DID alone and sees neither offer.
        Assert.Empty((await space.RequestCatalogAsync())["datasets"]!.AsArray());
        var jwt = await space.IssueAsync(space.ConsumerDid, Membership, new JsonObject { ["dataspace"] = "city" }, CredentialProfile.Vc20BitstringStatusList);
        Assert.Equal("Valid", (await space.ImportIntoConsumerWalletAsync(jwt))["state"]!.GetValue<string>());

        var catalog = await space.RequestCatalogAsync();
        Assert.Equal(space.ProviderDid, catalog["participantId"]!.GetValue<string>());
        var dataset = Assert.Single(catalog["datasets"]!.AsArray())!;
        Assert.Equal("members-data", dataset["id"]!.GetValue<string>());
        Assert.Equal(offerId, dataset["offers"]![0]!["id"]!.GetValue<string>());

        var negotiation = await space.NegotiateAsync(offerId);
        Assert.True(negotiation["state"]!.GetValue<string>() == "FINALIZED", negotiation.ToJsonString());
        var agreementId = negotiation["agreementId"]!.GetValue<string>();
        var agreement = await space.ProviderGetAsync("/agreements/" + Uri.EscapeDataString(agreementId));
        Assert.Equal(space.ConsumerDid, agreement["consumerId"]!.GetValue<string>());

        // Pull: download through the management API and with the EDR's token directly.
        var pull = await StartTransferAsync(space, new { agreementId, transferType = "HttpData-PULL" }, "STARTED");
        var pullId = pull["id"]!.GetValue<string>();
        var providerPid = pull["providerPid"]!.GetValue<string>();
        Assert.Equal(space.ProviderDid, pull["counterPartyId"]!.GetValue<string>());
        Assert.Equal(space.ConsumerDid, (await space.ProviderGetAsync("/transfers/" + Uri.EscapeDataString(providerPid)))["counterPartyId"]!.GetValue<string>());
        Assert.Equal(content, await DownloadAsync(space, pullId));
        var edr = await space.ConsumerGetAsync($"/transfers/{pullId}/edr");
        using (var direct = await PullDirectAsync(edr))
        {
            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            Assert.Equal(content, await direct.Content.ReadAsByteArrayAsync());
        }

        // Suspension (the provider's TransferSuspensionMessage reaches the consumer over DCP): the token stops working.
        await space.ProviderPostAsync($"/transfers/{Uri.EscapeDataString(providerPid)}/suspend", new { reason = "maintenance" });
        await WaitForStateAsync(space, space.Consumer, space.ConsumerKey, $"/transfers/{pullId}", "SUSPENDED");
        using (var refused = await PullDirectAsync(edr))
        {
            Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"a suspended transfer's token answered {(int)refused.StatusCode}");
        }

        // Resumption (the consumer's TransferStartMessage to the provider): a fresh token that works.
        await space.ConsumerPostAsync($"/transfers/{pullId}/resume", new { });
        await WaitForStateAsync(space, space.Consumer, space.ConsumerKey, $"/transfers/{pullId}", "STARTED");
        Assert.Equal(content, await DownloadAsync(space, pullId));
        var resumedEdr = await space.ConsumerGetAsync($"/transfers/{pullId}/edr");
        Assert.NotEqual(edr["authorization"]!.GetValue<string>(), resumedEdr["authorization"]!.GetValue<string>());

        // Termination: strangers are refused and change nothing; the consumer's termination ends it on both sides.
        var terminationPath = $"{space.ProviderDsp}/transfers/{Uri.EscapeDataString(providerPid)}/termination";
        var termination = TerminationMessage(providerPid, pull["consumerPid"]!.GetValue<string>());
        using var http = new HttpClient();
        using (var anonymous = await http.PostAsync(terminationPath, new StringContent(termination, Encoding.UTF8, "application/json")))
        {
            var body = JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
            Assert.Equal("TransferError", body["@type"]!.GetValue<string>());
            Assert.Contains("MissingToken", body["reason"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using (var stranger = await SendAsStrangerAsync(http, space, terminationPath, termination))
        {
            var body = JsonNode.Parse(await stranger.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
            Assert.Contains("UnknownDid", body["reason"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // A verified member of the same data space, but not the transfer's consumer, cannot end it either.
        var (outsider, outsiderDid) = await space.StartMemberAsync("outsider", new JsonObject { ["dataspace"] = "city" });
        await using (outsider)
        {
            var outsiderToken = await outsider.App.Services.GetRequiredService<IDspTokenProvider>().GetTokenAsync(space.ProviderDid, CancellationToken.None);
            using var request = new HttpRequestMessage(HttpMethod.Post, terminationPath) { Content = new StringContent(termination, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", outsiderToken);
            using var member = await http.SendAsync(request);
            var body = JsonNode.Parse(await member.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.NotFound, member.StatusCode);
            Assert.Equal("TransferError", body["@type"]!.GetValue<string>());
            // Authenticated (no verification failure named), then not found as a transfer with this caller.
            Assert.Equal($"no transfer '{providerPid}' with you", body["reason"]![0]!.GetValue<string>());
            Assert.NotEqual(space.ConsumerDid, outsiderDid);
        }

        Assert.Equal("STARTED", (await space.ProviderGetAsync("/transfers/" + Uri.EscapeDataString(providerPid)))["state"]!.GetValue<string>());
        await space.ConsumerPostAsync($"/transfers/{pullId}/terminate", new { reason = "no longer needed" });
        await WaitForStateAsync(space, space.Provider, space.ProviderKey, "/transfers/" + Uri.EscapeDataString(providerPid), "TERMINATED");
        Assert.Equal("TERMINATED", (await space.ConsumerGetAsync($"/transfers/{pullId}"))["state"]!.GetValue<string>());
        using (var afterTermination = await PullDirectAsync(resumedEdr))
        {
            Assert.True(afterTermination.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"a terminated transfer's token answered {(int)afterTermination.StatusCode}");
        }

        // Push: the provider delivers to the consumer's endpoint and the completion travels back over DCP.
        await using var receiver = await PushReceiver.StartAsync();
        var push = await StartTransferAsync(space, new
        {
            agreementId,
            transferType = "HttpData-PUSH",
            destination = new { endpoint = receiver.Url, properties = new Dictionary<string, string> { ["authorization"] = "Bearer inbox-secret" } },
        }, "COMPLETED");
        var (received, authorization) = await receiver.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(content, received);
        Assert.Equal("Bearer inbox-secret", authorization);
        await WaitForStateAsync(space, space.Provider, space.ProviderKey, "/transfers/" + Uri.EscapeDataString(push["providerPid"]!.GetValue<string>()), "COMPLETED");
    }

    [Fact]
    public async Task RevokedMembership_IsRefused_AndExpiredMembership_HidesTheOfferAndIsTerminated()
    {
        // No clock leeway, so a credential that expires in a second is expired a second later.
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256, new Dictionary<string, string?> { ["Connector:Identity:ClockLeewaySeconds"] = "0" });
        var members = ConnectorPair.ClaimPolicy(Membership, "dataspace", "city");
        var hiddenOffer = await space.PublishAsync("members-only", members, members);
        var openOffer = await space.PublishAsync("listed", ConnectorPair.OpenPolicy(), members);

        var (jwt, credentialId) = await space.IssueRecordAsync(space.ConsumerDid, Membership, new JsonObject { ["dataspace"] = "city" }, CredentialProfile.Vc11StatusList2021);
        await space.ImportIntoConsumerWalletAsync(jwt);
        Assert.Contains(hiddenOffer, await OfferIdsAsync(space));

        // Presenting a revoked credential gets the caller refused outright (the consumer's wallet still holds it), so
        // neither the catalog nor a negotiation goes through; the reason names the revocation.
        await space.RevokeAsync(credentialId);
        var catalogRefused = await Assert.ThrowsAsync<HttpRequestException>(space.RequestCatalogAsync);
        Assert.Equal(HttpStatusCode.BadGateway, catalogRefused.StatusCode);
        Assert.Contains($"CredentialRevoked: credential {credentialId} is revoked", catalogRefused.Message, StringComparison.Ordinal);
        var negotiationRefused = await Assert.ThrowsAsync<HttpRequestException>(() => space.NegotiateAsync(hiddenOffer));
        Assert.Equal(HttpStatusCode.BadGateway, negotiationRefused.StatusCode);
        Assert.Contains("CredentialRevoked", negotiationRefused.Message, StringComparison.Ordinal);

        // An expired credential is no longer presented: the consumer is a caller without membership.
        await space.ConsumerDeleteCredentialAsync(credentialId);
        var (shortLived, _) = await space.IssueRecordAsync(space.ConsumerDid, Membership, new JsonObject { ["dataspace"] = "city" }, CredentialProfile.Vc20BitstringStatusList, TimeSpan.FromSeconds(1));
        await space.ImportIntoConsumerWalletAsync(shortLived);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var offers = await OfferIdsAsync(space);
        Assert.DoesNotContain(hiddenOffer, offers);
        Assert.Contains(openOffer, offers);
        var refused = await space.NegotiateAsync(openOffer);
        Assert.Equal("TERMINATED", refused["state"]!.GetValue<string>());
        Assert.Contains($"does not permit {space.ConsumerDid}", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> OfferIdsAsync(DcpDataspace space) =>
        [.. (await space.RequestCatalogAsync())["datasets"]!.AsArray().SelectMany(d => d!["offers"]!.AsArray()).Select(o => o!["id"]!.GetValue<string>())];

    private static async Task<JsonNode> StartTransferAsync(DcpDataspace space, object request, string expected)
    {
        var transfer = await space.ConsumerPostAsync("/transfers", request);
        var reached = await WaitForStateAsync(space, space.Consumer, space.ConsumerKey, "/transfers/" + transfer["id"]!.GetValue<string>(), expected, "TERMINATED");
        Assert.True(reached["state"]!.GetValue<string>() == expected, reached.ToJsonString());
        return reached;
    }

    private static Task<JsonNode> WaitForStateAsync(DcpDataspace space, TestConnector connector, string key, string path, params string[] states) =>
        space.WaitForStateAsync(connector, key, path, states);

    private static async Task<byte[]> DownloadAsync(DcpDataspace space, string id)
    {
        using var request = space.Consumer.Management(HttpMethod.Get, $"/transfers/{id}/data", space.ConsumerKey);
        using var response = await space.Consumer.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"download answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Pulls from the provider's data plane with an EDR's endpoint and token, as any HTTP client would.</summary>
    private static async Task<HttpResponseMessage> PullDirectAsync(JsonNode edr)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, edr["endpoint"]!.GetValue<string>());
        var token = edr["authorization"]!.GetValue<string>();
        request.Headers.TryAddWithoutValidation("Authorization", string.Equals(edr["authType"]?.GetValue<string>(), "bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer " + token : token);
        return await http.SendAsync(request);
    }

    private static string TerminationMessage(string providerPid, string consumerPid) => new JsonObject
    {
        ["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"),
        ["@type"] = "TransferTerminationMessage",
        ["providerPid"] = providerPid,
        ["consumerPid"] = consumerPid,
        ["code"] = "99",
        ["reason"] = new JsonArray("taking over"),
    }.ToJsonString();

    /// <summary>A well-formed Self-Issued ID token from a did:web DID that nobody serves (a closed loopback port).</summary>
    private static Task<HttpResponseMessage> SendAsStrangerAsync(HttpClient http, DcpDataspace space, string url, string body)
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var stranger = $"did:web:127.0.0.1%3A{port}";
        using var key = SigningKey.Generate(JwsAlgorithms.ES256);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = CompactJws.Sign(
            new JsonObject { ["iss"] = stranger, ["sub"] = stranger, ["aud"] = space.ProviderDid, ["jti"] = Guid.NewGuid().ToString(), ["iat"] = now, ["exp"] = now + 60, ["token"] = "x" },
            key, stranger + "#key-1");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return SendAndDisposeAsync(http, request);
    }

    private static async Task<HttpResponseMessage> SendAndDisposeAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            return await http.SendAsync(request);
        }
    }

}
