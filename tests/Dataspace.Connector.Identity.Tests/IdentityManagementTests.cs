using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Trust;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Identity.Tests;

public sealed class IdentityManagementTests : IDisposable
{
    private const string Prefix = "/api/management/v1/identity";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dataspace-identity-mgmt-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Wallet_ImportListShowRemove_FlagsRevoked()
    {
        var (authorityPort, port) = (TestConnector.FreePort(), TestConnector.FreePort());
        var authorityDid = $"did:web:127.0.0.1%3A{authorityPort}";
        Directory.CreateDirectory(_root);
        var trust = Path.Combine(_root, "trust.json");
        await TrustAnchorFile.SaveAsync(trust, new TrustAnchorSet([new TrustAnchor { Did = authorityDid, CredentialTypes = ["*"] }]), CancellationToken.None);
        await using var authority = await TestConnector.StartAsync(authorityPort, Path.Combine(_root, "a"), new Dictionary<string, string?> { ["Connector:Identity:Did"] = authorityDid }, authority: true);
        await using var connector = await TestConnector.StartAsync(port, Path.Combine(_root, "c"), new Dictionary<string, string?>
        {
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{port}",
            ["Connector:Identity:TrustAnchorsFile"] = trust,
        });
        var kept = await authority.IssueAsync(connector.Did, "MembershipCredential", new JsonObject { ["region"] = "north" }, CredentialProfile.Vc20BitstringStatusList);
        var revoked = await authority.IssueAsync(connector.Did, "FinanceSubspaceCredential", [], CredentialProfile.Vc11StatusList2021);
        var records = await authority.Services.GetRequiredService<Dataspace.Identity.Issuance.CredentialAuthority>().ListAsync(CancellationToken.None);
        await authority.Services.GetRequiredService<Dataspace.Identity.Issuance.CredentialAuthority>().RevokeAsync(records[1].Id, CancellationToken.None);

        using var asText = await _http.PostAsync(Url(connector, "/credentials"), new StringContent(kept, Encoding.UTF8, "text/plain"));
        using var asJson = await _http.PostAsync(Url(connector, "/credentials"), new StringContent(new JsonObject { ["credential"] = revoked }.ToJsonString(), Encoding.UTF8, "application/json"));
        using var bad = await _http.PostAsync(Url(connector, "/credentials"), new StringContent("not a credential", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, asText.StatusCode);
        Assert.Equal(HttpStatusCode.Created, asJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var list = JsonNode.Parse(await _http.GetStringAsync(Url(connector, "/credentials")))!.AsArray();
        var states = list.ToDictionary(e => e!["types"]![0]!.GetValue<string>(), e => e!["state"]!.GetValue<string>());
        Assert.Equal("Valid", states["MembershipCredential"]);
        Assert.Equal("Revoked", states["FinanceSubspaceCredential"]);
        Assert.All(list, e => Assert.Null(e!["jwt"]));

        var id = records[0].Id;
        var shown = JsonNode.Parse(await _http.GetStringAsync(Url(connector, "/credentials/" + Uri.EscapeDataString(id))))!;
        Assert.Equal(kept, shown["jwt"]!.GetValue<string>());
        using var deleted = await _http.DeleteAsync(Url(connector, "/credentials/" + Uri.EscapeDataString(id)));
        using var again = await _http.DeleteAsync(Url(connector, "/credentials/" + Uri.EscapeDataString(id)));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Keys_Rotate_KeepsOldKeyInDidDocument_AndResolveSpeaksDidResolutionErrors()
    {
        var port = TestConnector.FreePort();
        var did = $"did:web:127.0.0.1%3A{port}";
        await using var connector = await TestConnector.StartAsync(port, Path.Combine(_root, "c"), new Dictionary<string, string?> { ["Connector:Identity:Did"] = did });
        var before = JsonNode.Parse(await _http.GetStringAsync(Url(connector, "/keys")))!.AsArray();

        using var rotated = await _http.PostAsync(Url(connector, "/keys"), new StringContent("""{"algorithm":"EdDSA","retainDays":30}""", Encoding.UTF8, "application/json"));
        var after = JsonNode.Parse(await _http.GetStringAsync(Url(connector, "/keys")))!.AsArray();
        using var doc = System.Text.Json.JsonDocument.Parse(await _http.GetStringAsync(new Uri(connector.BaseUrl, "/.well-known/did.json")));

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        Assert.Single(before);
        Assert.Equal(2, after.Count);
        Assert.DoesNotContain("\"d\"", after.ToJsonString(), StringComparison.Ordinal);
        Assert.True(DidDocument.TryParse(doc.RootElement, out var document, out _));
        var oldKey = $"{did}#{before[0]!["id"]!.GetValue<string>()}";
        var newKey = $"{did}#{after.Single(k => k!["active"]!.GetValue<bool>())!["id"]!.GetValue<string>()}";
        Assert.True(document.IsAuthorized(oldKey, VerificationRelationship.AssertionMethod));
        Assert.False(document.IsAuthorized(oldKey, VerificationRelationship.CapabilityInvocation));
        Assert.True(document.IsAuthorized(newKey, VerificationRelationship.CapabilityInvocation));
        Assert.Equal("Ed25519", document.FindMethod(newKey)!.PublicKey.Crv);

        using var key = SigningKey.Generate(JwsAlgorithms.ES256);
        var didKey = DidKeyResolver.CreateDid(key.PublicJwk);
        using var resolved = await _http.GetAsync(Url(connector, "/did/resolve/" + Uri.EscapeDataString(didKey)));
        using var self = await _http.GetAsync(Url(connector, "/did/resolve/" + Uri.EscapeDataString(did)));
        using var missing = await _http.GetAsync(Url(connector, "/did/resolve/" + Uri.EscapeDataString($"did:web:127.0.0.1%3A{port}:nobody")));
        using var invalid = await _http.GetAsync(Url(connector, "/did/resolve/" + Uri.EscapeDataString("did:ion:x")));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("notFound", JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        Assert.Equal("methodNotSupported", JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    private static Uri Url(TestConnector connector, string path) => new(connector.BaseUrl, Prefix + path);

    public void Dispose()
    {
        _http.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
