using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Trust;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Identity.Tests;

/// <summary>Connectors and an authority as real Kestrel hosts on loopback, wired only through the identity extension methods.</summary>
public sealed class ConnectorIdentityTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dataspace-connector-identity-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new();

    [Theory]
    [InlineData(true, JwsAlgorithms.ES256, CredentialProfile.Vc20BitstringStatusList)]
    [InlineData(true, JwsAlgorithms.EdDSA, CredentialProfile.Vc11StatusList2021)]
    [InlineData(false, JwsAlgorithms.EdDSA, CredentialProfile.Vc20BitstringStatusList)]
    [InlineData(false, JwsAlgorithms.ES256, CredentialProfile.Vc11StatusList2021)]
    public async Task DspCall_WithDcpToken_ReachesEndpointWithVerifiedCaller_AndRefusalsAnswerPerDsp(bool didWeb, string algorithm, CredentialProfile profile)
    {
        var (authorityPort, bankPort, insurerPort) = (TestConnector.FreePort(), TestConnector.FreePort(), TestConnector.FreePort());
        var authorityDid = $"did:web:127.0.0.1%3A{authorityPort}";
        var trustFile = Path.Combine(_root, "trust-anchors.json");
        Directory.CreateDirectory(_root);
        await TrustAnchorFile.SaveAsync(trustFile, new TrustAnchorSet([new TrustAnchor { Did = authorityDid, CredentialTypes = ["MembershipCredential", "FinanceSubspaceCredential"] }]), CancellationToken.None);

        var (bankData, insurerData) = (Path.Combine(_root, "bank"), Path.Combine(_root, "insurer"));
        var bankDid = didWeb ? $"did:web:127.0.0.1%3A{bankPort}" : await TestConnector.PrepareDidKeyAsync(bankData, algorithm);
        var insurerDid = didWeb ? $"did:web:127.0.0.1%3A{insurerPort}" : await TestConnector.PrepareDidKeyAsync(insurerData, algorithm);
        Dictionary<string, string?> Settings(string did) => new()
        {
            ["Connector:Identity:Did"] = didWeb ? did : null,
            ["Connector:Identity:KeyAlgorithm"] = algorithm,
            ["Connector:Identity:TrustAnchorsFile"] = trustFile,
            ["Connector:Identity:CredentialServices:0:Did"] = bankDid,
            ["Connector:Identity:CredentialServices:0:Url"] = $"http://127.0.0.1:{bankPort}/api/identity",
            ["Connector:Identity:CredentialServices:1:Did"] = insurerDid,
            ["Connector:Identity:CredentialServices:1:Url"] = $"http://127.0.0.1:{insurerPort}/api/identity",
        };

        await using var authority = await TestConnector.StartAsync(authorityPort, Path.Combine(_root, "authority"), new Dictionary<string, string?> { ["Connector:Identity:Did"] = authorityDid }, authority: true);
        await using var bank = await TestConnector.StartAsync(bankPort, bankData, Settings(bankDid));
        await using var insurer = await TestConnector.StartAsync(insurerPort, insurerData, Settings(insurerDid));
        Assert.Equal(bankDid, bank.Did);
        await bank.ImportAsync(await authority.IssueAsync(bank.Did, "MembershipCredential", new JsonObject { ["memberOf"] = "city" }, profile));
        await insurer.ImportAsync(await authority.IssueAsync(insurer.Did, "MembershipCredential", new JsonObject { ["region"] = "south" }, profile));

        using var ok = await PostCatalogRequest(insurer, "Bearer " + bank.TokenFor(insurer, "MembershipCredential"));
        var body = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(bank.Did, body["did"]!.GetValue<string>());
        Assert.Equal("city", body["claims"]![0]!["memberOf"]!.GetValue<string>());

        using var back = await PostCatalogRequest(bank, insurer.TokenFor(bank, "MembershipCredential"));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);

        // The outgoing side as the protocol client will use it: a named client that signs requests for the counterparty.
        using var signed = new HttpRequestMessage(HttpMethod.Post, new Uri(insurer.BaseUrl, "/api/dsp/catalog/request")) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        signed.Options.Set(DcpAuthorizationHandler.Audience, insurer.Did);
        using var viaHandler = await bank.Services.GetRequiredService<IHttpClientFactory>().CreateClient("dsp").SendAsync(signed);
        Assert.Equal(HttpStatusCode.OK, viaHandler.StatusCode);
        Assert.Equal(bank.Did, JsonNode.Parse(await viaHandler.Content.ReadAsStringAsync())!["did"]!.GetValue<string>());

        using var none = await PostCatalogRequest(insurer, null);
        var error = JsonNode.Parse(await none.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("CatalogError", error["@type"]!.GetValue<string>());
        Assert.Contains(insurer.Logs.Lines, l => l.Contains("MissingToken", StringComparison.Ordinal) && l.Contains("/api/dsp/catalog/request", StringComparison.Ordinal));

        using var negotiation = new HttpRequestMessage(HttpMethod.Get, new Uri(insurer.BaseUrl, "/api/dsp/negotiations/n1"));
        negotiation.Headers.TryAddWithoutValidation("Authorization", "Bearer not-a-token");
        using var hidden = await _http.SendAsync(negotiation);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("ContractNegotiationError", JsonNode.Parse(await hidden.Content.ReadAsStringAsync())!["@type"]!.GetValue<string>());
        Assert.Contains(insurer.Logs.Lines, l => l.Contains("MalformedToken", StringComparison.Ordinal));

        Assert.True((await authority.Services.GetRequiredService<Dataspace.Identity.Issuance.CredentialAuthority>().ListAsync(CancellationToken.None)).Count == 2);
        using var version = await _http.GetAsync(new Uri(insurer.BaseUrl, "/.well-known/dspace-version"));
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
    }

    [Fact]
    public async Task DspCall_ReplayCacheFull_AFreshTokenStillPasses_AndNeitherARememberedNorAForgottenTokenIsAcceptedAgain()
    {
        var (authorityPort, bankPort, insurerPort) = (TestConnector.FreePort(), TestConnector.FreePort(), TestConnector.FreePort());
        var authorityDid = $"did:web:127.0.0.1%3A{authorityPort}";
        var trustFile = Path.Combine(_root, "trust-anchors.json");
        Directory.CreateDirectory(_root);
        await TrustAnchorFile.SaveAsync(trustFile, new TrustAnchorSet([new TrustAnchor { Did = authorityDid, CredentialTypes = ["MembershipCredential"] }]), CancellationToken.None);
        var (bankData, insurerData) = (Path.Combine(_root, "bank"), Path.Combine(_root, "insurer"));
        var bankDid = await TestConnector.PrepareDidKeyAsync(bankData, JwsAlgorithms.ES256);
        var insurerDid = await TestConnector.PrepareDidKeyAsync(insurerData, JwsAlgorithms.ES256);
        // Only the insurer's replay cache is tiny; the bank's Credential Service keeps the default.
        Dictionary<string, string?> Settings(string jtiCacheSize) => new()
        {
            ["Connector:Identity:TrustAnchorsFile"] = trustFile,
            ["Connector:Identity:CredentialServices:0:Did"] = bankDid,
            ["Connector:Identity:CredentialServices:0:Url"] = $"http://127.0.0.1:{bankPort}/api/identity",
            ["Connector:Identity:CredentialServices:1:Did"] = insurerDid,
            ["Connector:Identity:CredentialServices:1:Url"] = $"http://127.0.0.1:{insurerPort}/api/identity",
            ["Connector:Identity:JtiCacheSize"] = jtiCacheSize,
        };

        await using var authority = await TestConnector.StartAsync(authorityPort, Path.Combine(_root, "authority"), new Dictionary<string, string?> { ["Connector:Identity:Did"] = authorityDid }, authority: true);
        await using var bank = await TestConnector.StartAsync(bankPort, bankData, Settings("100000"));
        await using var insurer = await TestConnector.StartAsync(insurerPort, insurerData, Settings("2"));
        await bank.ImportAsync(await authority.IssueAsync(bank.Did, "MembershipCredential", new JsonObject { ["memberOf"] = "city" }, CredentialProfile.Vc20BitstringStatusList));

        var first = bank.TokenFor(insurer, "MembershipCredential");
        var second = bank.TokenFor(insurer, "MembershipCredential");
        using (var ok1 = await PostCatalogRequest(insurer, "Bearer " + first))
        using (var ok2 = await PostCatalogRequest(insurer, "Bearer " + second))
        {
            Assert.Equal(HttpStatusCode.OK, ok1.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ok2.StatusCode);
        }

        // Token expiry has whole seconds: a token issued a second later expires later than the ids it displaces.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using (var fresh = await PostCatalogRequest(insurer, "Bearer " + bank.TokenFor(insurer, "MembershipCredential")))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        using var forgotten = await PostCatalogRequest(insurer, "Bearer " + first);
        Assert.Equal(HttpStatusCode.Unauthorized, forgotten.StatusCode);
        Assert.Equal("CatalogError", JsonNode.Parse(await forgotten.Content.ReadAsStringAsync())!["@type"]!.GetValue<string>());
        Assert.Contains(insurer.Logs.Lines, l => l.Contains("ReplayCacheFull", StringComparison.Ordinal) && l.Contains("JtiCacheSize", StringComparison.Ordinal));

        using var remembered = await PostCatalogRequest(insurer, "Bearer " + second);
        Assert.Equal(HttpStatusCode.Unauthorized, remembered.StatusCode);
        Assert.Contains(insurer.Logs.Lines, l => l.Contains("ReplayedToken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WellKnownEndpoints_ServeDidDocument_Trust_AndCredentialServiceRules()
    {
        var port = TestConnector.FreePort();
        var did = $"did:web:127.0.0.1%3A{port}";
        var trustFile = Path.Combine(_root, "trust.json");
        Directory.CreateDirectory(_root);
        await TrustAnchorFile.SaveAsync(trustFile, new TrustAnchorSet([new TrustAnchor { Did = "did:web:city.example", CredentialTypes = ["MembershipCredential", "HealthcareSubspaceCredential"] }]), CancellationToken.None);
        await using var connector = await TestConnector.StartAsync(port, Path.Combine(_root, "c"), new Dictionary<string, string?>
        {
            ["Connector:Identity:Did"] = did,
            ["Connector:Identity:KeyAlgorithm"] = JwsAlgorithms.EdDSA,
            ["Connector:Identity:TrustAnchorsFile"] = trustFile,
        });

        using var didResponse = await _http.GetAsync(new Uri(connector.BaseUrl, "/.well-known/did.json"));
        using var document = JsonDocument.Parse(await didResponse.Content.ReadAsStringAsync());
        Assert.Equal("application/did+json", didResponse.Content.Headers.ContentType!.MediaType);
        Assert.True(DidDocument.TryParse(document.RootElement, out var parsed, out _));
        Assert.Equal(did, parsed.Id);
        Assert.Equal($"http://127.0.0.1:{port}/api/identity", parsed.FindServiceEndpoint(DidServiceTypes.CredentialService));
        Assert.Equal($"http://127.0.0.1:{port}/api/dsp", parsed.FindServiceEndpoint(DidServiceTypes.DataService));
        Assert.DoesNotContain("\"d\"", document.RootElement.GetRawText(), StringComparison.Ordinal);

        var trust = JsonNode.Parse(await _http.GetStringAsync(new Uri(connector.BaseUrl, "/.well-known/dspace-trust")))!;
        Assert.Equal(did, trust["did"]!.GetValue<string>());
        Assert.Equal(["HealthcareSubspaceCredential", "MembershipCredential"], trust["acceptedCredentialTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("did:web:city.example", trust["trustAnchors"]![0]!["did"]!.GetValue<string>());

        using var both = await PostJson(connector, "/api/identity/presentations/query", """{"type":"PresentationQueryMessage","scope":["org.eclipse.dspace.dcp.vc.type:MembershipCredential"],"presentationDefinition":{"id":"x"}}""");
        using var definition = await PostJson(connector, "/api/identity/presentations/query", """{"type":"PresentationQueryMessage","presentationDefinition":{"id":"x"}}""");
        using var anonymous = await PostJson(connector, "/api/identity/presentations/query", """{"type":"PresentationQueryMessage","scope":["org.eclipse.dspace.dcp.vc.type:MembershipCredential:read"]}""");
        using var garbage = await PostJson(connector, "/api/identity/presentations/query", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, definition.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task MissingSecret_FailsStartup_NamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestConnector.StartAsync(TestConnector.FreePort(), Path.Combine(_root, "x"), new Dictionary<string, string?> { ["Connector:Identity:KeyStoreSecret"] = "short" }));

        Assert.Contains("KeyStoreSecret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JtiCacheSize", "0", "Connector:Identity:JtiCacheSize is 0: The field JtiCacheSize must be between 1 and 10000000.")]
    [InlineData("PresentationCacheSize", "0", "Connector:Identity:PresentationCacheSize is 0")]
    [InlineData("StatusListCacheSize", "0", "Connector:Identity:StatusListCacheSize is 0")]
    [InlineData("DidCacheSize", "0", "Connector:Identity:DidCacheSize is 0")]
    [InlineData("ClockLeewaySeconds", "301", "Connector:Identity:ClockLeewaySeconds is 301: The field ClockLeewaySeconds must be between 0 and 300.")]
    [InlineData("PresentationCacheSeconds", "-1", "Connector:Identity:PresentationCacheSeconds is -1")]
    [InlineData("DidCacheSeconds", "-1", "Connector:Identity:DidCacheSeconds is -1")]
    [InlineData("DidFailureCacheSeconds", "3601", "Connector:Identity:DidFailureCacheSeconds is 3601")]
    [InlineData("StatusListCacheSeconds", "-1", "Connector:Identity:StatusListCacheSeconds is -1")]
    [InlineData("CredentialServicePath", "api/identity", "Connector:Identity:CredentialServicePath is 'api/identity'; expected a path starting with '/'")]
    [InlineData("DspPath", "", "Connector:Identity:DspPath is ''; expected a path starting with '/'")]
    [InlineData("PublicUrl", "ftp://bank.example", "Connector:Identity:PublicUrl is 'ftp://bank.example/'; expected an absolute http(s) URL")]
    [InlineData("KeyAlgorithm", "RS256", "Connector:Identity:KeyAlgorithm is 'RS256'; expected ES256 or EdDSA")]
    public async Task BadSetting_FailsStartup_NamingTheKeyAndWhatIsAllowed(string setting, string value, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestConnector.StartAsync(TestConnector.FreePort(), Path.Combine(_root, "x"), new Dictionary<string, string?> { ["Connector:Identity:" + setting] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exp", "99999999999999999")]
    [InlineData("iat", "99999999999999999")]
    [InlineData("nbf", "-99999999999999999")]
    [InlineData("exp", "1e308")]
    public async Task DspCall_TokenWithTimeClaimOutOfRange_Is401WithReason_Not500(string claim, string value)
    {
        var port = TestConnector.FreePort();
        await using var connector = await TestConnector.StartAsync(port, Path.Combine(_root, "c"), new Dictionary<string, string?> { ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{port}" });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, string>
        {
            ["iss"] = "\"did:web:attacker.example\"",
            ["sub"] = "\"did:web:attacker.example\"",
            ["aud"] = JsonSerializer.Serialize(connector.Did),
            ["jti"] = "\"j1\"",
            ["iat"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["exp"] = (now + 60).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        claims[claim] = value;
        var payload = "{" + string.Join(",", claims.Select(c => $"\"{c.Key}\":{c.Value}")) + "}";
        static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = B64("""{"alg":"ES256","typ":"JWT","kid":"did:web:attacker.example#key-1"}""") + "." + B64(payload) + "." + B64(new string('s', 64));

        using var response = await PostCatalogRequest(connector, "Bearer " + token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("CatalogError", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["@type"]!.GetValue<string>());
        Assert.Contains(connector.Logs.Lines, l => l.Contains("MalformedToken", StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> PostCatalogRequest(TestConnector provider, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(provider.BaseUrl, "/api/dsp/catalog/request"))
        {
            Content = new StringContent("""{"@context":["https://w3id.org/dspace/2025/1/context.jsonld"],"@type":"CatalogRequestMessage"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostJson(TestConnector connector, string path, string json) =>
        _http.PostAsync(new Uri(connector.BaseUrl, path), new StringContent(json, new MediaTypeHeaderValue("application/json")));

    public void Dispose()
    {
        _http.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
