using System.Net;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Trust;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// Issue 12 end to end over DCP: the contract policy holds at each data access with the consumer's credentials as
/// they stand now (a membership revoked after the agreement stops the pulls), and policies can require the issuer of a
/// credential.
/// </summary>
public sealed class DcpPolicyEnforcementTests
{
    private const string Membership = "MembershipCredential";

    [Fact]
    public async Task MembershipRevokedAfterFinalizedAndAFirstPull_NextPullIsRefusedWithTheReason_AndTheTransferIsTerminated()
    {
        // Recheck at every access, so the test need not wait out the default five minutes.
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256,
            new Dictionary<string, string?> { ["Connector:Policy:CredentialRecheckSeconds"] = "0" });
        var members = ConnectorPair.ClaimPolicy(Membership, "dataspace", "city");
        var offerId = await space.PublishAsync("members-data", [4, 5, 6], members, members);
        var (jwt, credentialId) = await space.IssueRecordAsync(space.ConsumerDid, Membership, new JsonObject { ["dataspace"] = "city" }, CredentialProfile.Vc20BitstringStatusList);
        await space.ImportIntoConsumerWalletAsync(jwt);

        var negotiation = await space.NegotiateAsync(offerId);
        Assert.True(negotiation["state"]!.GetValue<string>() == "FINALIZED", negotiation.ToJsonString());
        var (edr, providerPid) = await StartPullAsync(space, negotiation["agreementId"]!.GetValue<string>());
        using (var first = await PullAsync(edr))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal([4, 5, 6], await first.Content.ReadAsByteArrayAsync());
        }

        await space.RevokeAsync(credentialId);

        using (var refused = await PullAsync(edr))
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{(int)refused.StatusCode}: {body}");
            Assert.Contains($"CredentialRevoked: credential {credentialId} is revoked", body, StringComparison.Ordinal);
        }

        var transfer = await space.WaitForStateAsync(space.Provider, space.ProviderKey, "/transfers/" + Uri.EscapeDataString(providerPid), "TERMINATED");
        Assert.Contains("credentials no longer hold", transfer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        using (var afterwards = await PullAsync(edr))
        {
            Assert.True(afterwards.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"a terminated transfer's token answered {(int)afterwards.StatusCode}");
        }
    }

    [Fact]
    public async Task RecheckInterval_ARevocationIsSeenOnceTheIntervalSinceTheLastCheckHasPassed()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256,
            new Dictionary<string, string?> { ["Connector:Policy:CredentialRecheckSeconds"] = "6" });
        var members = ConnectorPair.ClaimPolicy(Membership, "dataspace", "city");
        var offerId = await space.PublishAsync("members-data", [7], members, members);
        var (jwt, credentialId) = await space.IssueRecordAsync(space.ConsumerDid, Membership, new JsonObject { ["dataspace"] = "city" }, CredentialProfile.Vc11StatusList2021);
        await space.ImportIntoConsumerWalletAsync(jwt);
        var negotiation = await space.NegotiateAsync(offerId);
        var (edr, _) = await StartPullAsync(space, negotiation["agreementId"]!.GetValue<string>());
        var checkedAt = DateTime.UtcNow;
        using (var first = await PullAsync(edr))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // Within the interval the outcome of the last check stands (no status list fetch per request)...
        await space.RevokeAsync(credentialId);
        using (var cached = await PullAsync(edr))
        {
            Assert.True(DateTime.UtcNow - checkedAt < TimeSpan.FromSeconds(6), "the machine was too slow to pull within the interval");
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        }

        // ...and once it has passed, the revocation stops the pulls.
        await Task.Delay(TimeSpan.FromSeconds(6) - (DateTime.UtcNow - checkedAt) + TimeSpan.FromMilliseconds(300));
        using var refused = await PullAsync(edr);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("CredentialRevoked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContractPolicyRequiringTheIssuer_AgreesWithTheTrustedAuthority_AndRefusesAnotherIssuer()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA);
        var jwt = await space.IssueAsync(space.ConsumerDid, Membership, new JsonObject { ["dataspace"] = "city" }, CredentialProfile.Vc20BitstringStatusList);
        await space.ImportIntoConsumerWalletAsync(jwt);
        var authorityDid = JwtCredentialsIssuer(jwt);
        var open = ConnectorPair.OpenPolicy();
        var byOurAuthority = await space.PublishAsync("ours", open, IssuerPolicy(authorityDid));
        var byAnother = await space.PublishAsync("theirs", open, IssuerPolicy("did:web:authority.elsewhere.example"));

        var agreed = await space.NegotiateAsync(byOurAuthority);
        var refused = await space.NegotiateAsync(byAnother);

        Assert.True(agreed["state"]!.GetValue<string>() == "FINALIZED", agreed.ToJsonString());
        Assert.Equal("TERMINATED", refused["state"]!.GetValue<string>());
        Assert.Contains($"does not permit {space.ConsumerDid}", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnchorBoundToDataspaceCity_ItsMembershipOfAnotherDataspace_IsNotAcceptedByTheProvider()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256);
        var harbourMembers = ConnectorPair.ClaimPolicy(Membership, "dataspace", "harbour");
        var offerId = await space.PublishAsync("harbour-data", harbourMembers, harbourMembers);
        var jwt = await space.IssueAsync(space.ConsumerDid, Membership, new JsonObject { ["dataspace"] = "harbour" }, CredentialProfile.Vc20BitstringStatusList);
        await space.ImportIntoConsumerWalletAsync(jwt);
        Assert.Contains(offerId, (await space.RequestCatalogAsync()).ToJsonString(), StringComparison.Ordinal);

        // The provider's operator binds the authority to the data space it runs: its membership of 'harbour' is no longer vouched for.
        var authorityDid = JwtCredentialsIssuer(jwt);
        space.Provider.App.Services.GetRequiredService<StaticTrustAnchorProvider>().Update(
            new TrustAnchorSet([new TrustAnchor { Did = authorityDid, CredentialTypes = [Membership], Dataspace = "city" }]));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(space.RequestCatalogAsync);
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Contains("IssuerOutOfScope", refused.Message, StringComparison.Ordinal);
        Assert.Contains("vouches only for members of data space", refused.Message, StringComparison.Ordinal);
        var negotiation = await Assert.ThrowsAsync<HttpRequestException>(() => space.NegotiateAsync(offerId));
        Assert.Equal(HttpStatusCode.BadGateway, negotiation.StatusCode);
    }

    private static JsonObject IssuerPolicy(string issuer) => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject
        {
            ["action"] = "use",
            ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = $"issuer:{Membership}", ["operator"] = "eq", ["rightOperand"] = issuer }),
        }),
    };

    private static string JwtCredentialsIssuer(string jwt)
    {
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]))!;
        return payload["iss"]!.GetValue<string>();
    }

    private static async Task<(JsonNode Edr, string ProviderPid)> StartPullAsync(DcpDataspace space, string agreementId)
    {
        var transfer = await space.ConsumerPostAsync("/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var started = await space.WaitForStateAsync(space.Consumer, space.ConsumerKey, "/transfers/" + id, "STARTED", "TERMINATED");
        Assert.True(started["state"]!.GetValue<string>() == "STARTED", started.ToJsonString());
        return (await space.ConsumerGetAsync($"/transfers/{id}/edr"), started["providerPid"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> PullAsync(JsonNode edr)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, edr["endpoint"]!.GetValue<string>());
        var token = edr["authorization"]!.GetValue<string>();
        request.Headers.TryAddWithoutValidation("Authorization", string.Equals(edr["authType"]?.GetValue<string>(), "bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer " + token : token);
        return await http.SendAsync(request);
    }
}
