using System.Text.Json;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Tests.Support;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Identity.Tests;

public sealed class DidWebTests
{
    [Theory]
    [InlineData("did:web:example.com", "https://example.com/.well-known/did.json")]
    [InlineData("did:web:example.com:user:alice", "https://example.com/user/alice/did.json")]
    [InlineData("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json")]
    [InlineData("did:web:127.0.0.1%3A5000:participants:bank", "https://127.0.0.1:5000/participants/bank/did.json")]
    public void DocumentUrl_FollowsDidWebRules(string did, string url)
    {
        Assert.True(DidWeb.TryGetDocumentUrl(did, useHttp: false, out var actual, out var reason), reason);
        Assert.Equal(url, actual.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://example.com", "did:web:example.com")]
    [InlineData("http://127.0.0.1:5000/", "did:web:127.0.0.1%3A5000")]
    [InlineData("http://127.0.0.1:5000/participants/bank/did.json", "did:web:127.0.0.1%3A5000:participants:bank")]
    [InlineData("https://example.com/.well-known/did.json", "did:web:example.com")]
    public void FromUrl_IsTheInverse(string url, string did) => Assert.Equal(did, DidWeb.FromUrl(new Uri(url)));

    [Theory]
    [InlineData("did:web:")]
    [InlineData("did:web:example.com::x")]
    [InlineData("did:key:z6Mk")]
    [InlineData("did:web:exa mple.com")]
    public void DocumentUrl_InvalidDid_IsRefused(string did) => Assert.False(DidWeb.TryGetDocumentUrl(did, false, out _, out _));

    [Fact]
    public async Task Resolve_OverKestrel_BothPathForms_AndCachesForTtl()
    {
        var requests = 0;
        JsonElement? root = null, nested = null;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/did.json", () => { requests++; return Results.Json(root); });
            app.MapGet("/participants/bank/did.json", () => { requests++; return Results.Json(nested); });
        });
        using var key = SigningKey.Generate(JwsAlgorithms.EdDSA);
        root = JsonSerializer.SerializeToElement(LocalIdentities.ForDidWeb(server.DidWeb(), "key-1", key, [], LocalIdentities.Services(server.DidWeb(), new Uri(server.BaseUrl, "/cs"), null)).Document.ToJson());
        var bank = server.DidWeb("/participants/bank/did.json");
        nested = JsonSerializer.SerializeToElement(LocalIdentities.ForDidWeb(bank, "key-1", key, [], []).Document.ToJson());
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        var registry = new DidResolverRegistry([new DidWebResolver(http, new DidWebOptions { AllowHttpForLoopback = true })], clock, TimeSpan.FromMinutes(5));

        var first = await registry.ResolveAsync(server.DidWeb(), CancellationToken.None);
        var again = await registry.ResolveAsync(server.DidWeb(), CancellationToken.None);
        var path = await registry.ResolveAsync(bank, CancellationToken.None);

        Assert.NotNull(first.Document);
        Assert.Equal(key.PublicJwk, first.Document.FindMethod("key-1")!.PublicKey);
        Assert.Equal(new Uri(server.BaseUrl, "/cs").AbsoluteUri.TrimEnd('/'), first.Document.FindServiceEndpoint(DidServiceTypes.CredentialService));
        Assert.Same(first.Document, again.Document);
        Assert.Equal(bank, path.Document!.Id);
        Assert.Equal(2, requests);

        clock.Advance(TimeSpan.FromMinutes(6));
        await registry.ResolveAsync(server.DidWeb(), CancellationToken.None);
        Assert.Equal(3, requests);
    }

    [Fact]
    public async Task Resolve_Missing_IsNotFound_AndWrongId_IsInvalidDocument()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/other/did.json", () => Results.Json(new { id = "did:web:somebody.else" })));
        using var http = new HttpClient();
        var resolver = new DidWebResolver(http, new DidWebOptions { AllowHttpForLoopback = true });

        var missing = await resolver.ResolveAsync(new DidResolutionContext { Did = server.DidWeb() }, CancellationToken.None);
        var wrong = await resolver.ResolveAsync(new DidResolutionContext { Did = server.DidWeb("/other/did.json") }, CancellationToken.None);
        var invalid = await resolver.ResolveAsync(new DidResolutionContext { Did = "did:web:" }, CancellationToken.None);

        Assert.Equal(DidResolutionErrors.NotFound, missing.Error);
        Assert.Equal(DidResolutionErrors.InvalidDidDocument, wrong.Error);
        Assert.Contains("did:web:somebody.else", wrong.Reason, StringComparison.Ordinal);
        Assert.Equal(DidResolutionErrors.InvalidDid, invalid.Error);
    }

    [Fact]
    public async Task Resolve_WithoutTestMode_UsesHttps_SoPlainHttpLoopbackFails()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/.well-known/did.json", () => Results.Json(new { id = "x" })));
        using var http = new HttpClient();
        var resolver = new DidWebResolver(http, new DidWebOptions { AllowHttpForLoopback = false });

        var result = await resolver.ResolveAsync(new DidResolutionContext { Did = server.DidWeb() }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(DidResolutionErrors.InternalError, result.Error);
        Assert.Contains("https://127.0.0.1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DidDocument_ParsesRelativeReferences_EmbeddedMethods_AndMultikey()
    {
        const string json = """
        {
          "@context": ["https://www.w3.org/ns/did/v1"],
          "id": "did:web:example.com",
          "verificationMethod": [
            { "id": "#a", "type": "JsonWebKey2020", "controller": "did:web:example.com",
              "publicKeyJwk": { "kty": "EC", "crv": "P-256", "x": "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns", "y": "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM" } },
            { "id": "did:web:example.com#rsa", "type": "JsonWebKey2020", "controller": "did:web:example.com",
              "publicKeyJwk": { "kty": "RSA", "n": "AA", "e": "AQAB" } }
          ],
          "assertionMethod": ["#a"],
          "capabilityInvocation": [
            { "id": "did:web:example.com#m", "type": "Multikey", "controller": "did:web:example.com",
              "publicKeyMultibase": "z6MkmjY8GnV5i9YTDtPETC2uUAW6ejw3nk5mXF5yci5ab7th" }
          ],
          "service": [ { "id": "#cs", "type": "CredentialService", "serviceEndpoint": "https://example.com/cs" } ]
        }
        """;
        using var doc = JsonDocument.Parse(json);

        Assert.True(DidDocument.TryParse(doc.RootElement, out var document, out var reason), reason);
        Assert.Equal(2, document.VerificationMethods.Count);
        Assert.True(document.IsAuthorized("#a", VerificationRelationship.AssertionMethod));
        Assert.False(document.IsAuthorized("#a", VerificationRelationship.CapabilityInvocation));
        Assert.True(document.IsAuthorized("did:web:example.com#m", VerificationRelationship.CapabilityInvocation));
        Assert.Equal("Ed25519", document.FindMethod("m")!.PublicKey.Crv);
        Assert.Equal("https://example.com/cs", document.FindServiceEndpoint(DidServiceTypes.CredentialService));

        using var again = JsonDocument.Parse(document.ToJson().ToJsonString());
        Assert.True(DidDocument.TryParse(again.RootElement, out var roundTripped, out _));
        Assert.Equal(document.VerificationMethods, roundTripped.VerificationMethods);
        Assert.True(roundTripped.IsAuthorized("did:web:example.com#m", VerificationRelationship.CapabilityInvocation));
    }
}
