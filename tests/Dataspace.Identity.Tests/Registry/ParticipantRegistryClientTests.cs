using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Registry;
using Dataspace.Identity.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Identity.Tests.Registry;

public sealed class ParticipantRegistryClientTests : IDisposable
{
    private readonly TestDataspace _space = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _space.Dispose();
    }

    [Fact]
    public async Task ReadAllAsync_BadEntries_AreSkippedWithReasons_TheRestAccepted()
    {
        var authority = AuthorityIdentity(trusted: true);
        var signer = new ParticipantRegistrySigner(authority.Signer, _space.Clock);
        var good1 = Member();
        var good2 = Member();
        var forgedMember = Member();
        var expiredMember = Member();
        var revokedMember = Member();
        var untrustedMember = Member();
        var wrongEndpointMember = Member();

        var forged = Forge(signer.Sign(forgedMember.Did, "Forged Ltd", Dsp(forgedMember), ["finance"], ParticipantStatuses.Revoked), "status", ParticipantStatuses.Active);
        var yesterday = new ParticipantRegistrySigner(authority.Signer, new FakeTimeProvider(_space.Clock.GetUtcNow().AddHours(-25)));
        var untrusted = new ParticipantRegistrySigner(AuthorityIdentity(trusted: false).Signer, _space.Clock);

        string[] page1 =
        [
            signer.Sign(good1.Did, "Good One Ltd", Dsp(good1), ["finance"], ParticipantStatuses.Active),
            forged,
            yesterday.Sign(expiredMember.Did, "Expired Ltd", Dsp(expiredMember), [], ParticipantStatuses.Active),
            "not-a-jws",
        ];
        string[] page2 =
        [
            signer.Sign(revokedMember.Did, "Revoked Ltd", Dsp(revokedMember), [], ParticipantStatuses.Revoked),
            untrusted.Sign(untrustedMember.Did, "Untrusted Ltd", Dsp(untrustedMember), [], ParticipantStatuses.Active),
            signer.Sign(wrongEndpointMember.Did, "Elsewhere Ltd", "https://attacker.example/api/dsp", [], ParticipantStatuses.Active),
            signer.Sign(good2.Did, "Good Two Ltd", Dsp(good2), ["finance", "mobility"], ParticipantStatuses.Active),
        ];
        await using var registry = await ServePagesAsync(page1, page2);

        var result = await Client().ReadAllAsync(registry.BaseUrl, CancellationToken.None);

        Assert.True(result.Complete, result.Error);
        Assert.Equal([good1.Did, good2.Did], result.Accepted.Select(e => e.Did));
        var second = result.Accepted[1];
        Assert.Equal("Good Two Ltd", second.Name);
        Assert.Equal(Dsp(good2), second.DspEndpoint);
        Assert.Equal(["finance", "mobility"], second.Subspaces);
        Assert.Equal(ParticipantStatuses.Active, second.Status);
        Assert.Equal(_space.Clock.GetUtcNow().AddHours(24).ToUnixTimeSeconds(), second.ExpiresAt.ToUnixTimeSeconds());
        var reasons = result.Skipped.ToDictionary(s => s.Did ?? "(none)", s => s.Reason);
        Assert.Equal(6, result.Skipped.Count);
        Assert.Contains("signature does not verify", reasons[forgedMember.Did], StringComparison.Ordinal);
        Assert.Contains("expired", reasons[expiredMember.Did], StringComparison.Ordinal);
        Assert.Contains("not a compact JWS", reasons["(none)"], StringComparison.Ordinal);
        Assert.Contains("revoked", reasons[revokedMember.Did], StringComparison.Ordinal);
        Assert.Contains("is not a trust anchor", reasons[untrustedMember.Did], StringComparison.Ordinal);
        Assert.Contains("is not the DataService entry", reasons[wrongEndpointMember.Did], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAllAsync_PageOverTheSizeBound_StopsWithReason_KeepsEarlierPages()
    {
        var authority = AuthorityIdentity(trusted: true);
        var signer = new ParticipantRegistrySigner(authority.Signer, _space.Clock);
        var good = Member();
        var padding = new string('x', 70_000);
        await using var registry = await ServePagesAsync(
            [signer.Sign(good.Did, "Good Ltd", Dsp(good), [], ParticipantStatuses.Active)],
            [signer.Sign(Member().Did, padding, "https://x.example/dsp", [], ParticipantStatuses.Active)]);

        var result = await Client(new ParticipantRegistryClientOptions { MaxPageBytes = 64 * 1024 }).ReadAllAsync(registry.BaseUrl, CancellationToken.None);

        Assert.False(result.Complete);
        Assert.Contains("bytes a page may have", result.Error, StringComparison.Ordinal);
        Assert.Equal([good.Did], result.Accepted.Select(e => e.Did));
    }

    [Fact]
    public async Task ReadAllAsync_MoreEntriesThanTheBound_StopsAtTheBound()
    {
        var signer = new ParticipantRegistrySigner(AuthorityIdentity(trusted: true).Signer, _space.Clock);
        var members = Enumerable.Range(0, 3).Select(_ => Member()).ToList();
        await using var registry = await ServePagesAsync([.. members.Select(m => signer.Sign(m.Did, "M", Dsp(m), [], ParticipantStatuses.Active))]);

        var result = await Client(new ParticipantRegistryClientOptions { MaxParticipants = 2 }).ReadAllAsync(registry.BaseUrl, CancellationToken.None);

        Assert.Contains("more than 2 participants", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, result.Accepted.Count);
    }

    [Fact]
    public async Task ReadAllAsync_RegistryThatNeverAnswers_TimesOutWithReason()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            // Accept connections and never write a byte.
            while (true)
            {
                accepted.Add(await silent.AcceptTcpClientAsync());
            }
        });
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
        var started = TimeProvider.System.GetTimestamp();

        var result = await Client(new ParticipantRegistryClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) }).ReadAllAsync(url, CancellationToken.None);

        Assert.False(result.Complete);
        Assert.Contains("did not answer within", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Accepted);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
        silent.Stop();
        foreach (var client in accepted.ToArray())
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task ReadAllAsync_NextLinkToAnotherOrigin_IsNotFollowed()
    {
        var signer = new ParticipantRegistrySigner(AuthorityIdentity(trusted: true).Signer, _space.Clock);
        var good = Member();
        await using var registry = await LoopbackServer.StartAsync(app => app.MapGet("/registry/participants", () => Results.Json(new JsonObject
        {
            ["participants"] = new JsonArray(signer.Sign(good.Did, "Good Ltd", Dsp(good), [], ParticipantStatuses.Active)),
            ["next"] = "http://169.254.169.254/latest/meta-data",
        })));

        var result = await Client().ReadAllAsync(registry.BaseUrl, CancellationToken.None);

        Assert.Contains("leaves its origin", result.Error, StringComparison.Ordinal);
        Assert.Equal([good.Did], result.Accepted.Select(e => e.Did));
    }

    [Fact]
    public async Task FindAsync_ListedMember_IsVerified_UnlistedIsAnError()
    {
        var signer = new ParticipantRegistrySigner(AuthorityIdentity(trusted: true).Signer, _space.Clock);
        var good = Member();
        var revoked = Member();
        await using var registry = await LoopbackServer.StartAsync(app => app.MapGet("/registry/participants/{did}", (string did) =>
            did == good.Did ? Results.Json(new JsonObject { ["participant"] = signer.Sign(good.Did, "Good Ltd", Dsp(good), ["finance"], ParticipantStatuses.Active) })
            : did == revoked.Did ? Results.Json(new JsonObject { ["participant"] = signer.Sign(revoked.Did, "Gone Ltd", Dsp(revoked), [], ParticipantStatuses.Revoked) })
            : Results.Json(new JsonObject { ["error"] = "not-found", ["reason"] = "not a member" }, statusCode: 404)));
        var client = Client();

        var found = await client.FindAsync(registry.BaseUrl, good.Did, CancellationToken.None);
        var gone = await client.FindAsync(registry.BaseUrl, revoked.Did, CancellationToken.None);
        var missing = await client.FindAsync(registry.BaseUrl, "did:web:nobody.example", CancellationToken.None);

        Assert.Equal(["finance"], Assert.Single(found.Accepted).Subspaces);
        Assert.Empty(gone.Accepted);
        Assert.Equal("the member is revoked", Assert.Single(gone.Skipped).Reason);
        Assert.Empty(missing.Accepted);
        Assert.Contains("404", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedEntry_VerifiesWithAnIndependentJwtLibrary()
    {
        var authority = AuthorityIdentity(trusted: true);
        var member = Member();
        var entry = new ParticipantRegistrySigner(authority.Signer, TimeProvider.System).Sign(member.Did, "Good Ltd", Dsp(member), ["finance"], ParticipantStatuses.Active);
        var jwk = authority.Signer.Key.PublicJwk;
        var key = new Microsoft.IdentityModel.Tokens.JsonWebKey { Kty = "EC", Crv = "P-256", X = jwk.X, Y = jwk.Y, KeyId = authority.Signer.KeyId };
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();

        var result = await handler.ValidateTokenAsync(entry, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidIssuer = authority.Did,
            ValidateAudience = false,
            ValidAlgorithms = ["ES256"],
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(member.Did, result.Claims["sub"]);
        Assert.Equal("active", result.Claims["status"]);
        var token = (Microsoft.IdentityModel.JsonWebTokens.JsonWebToken)result.SecurityToken;
        Assert.Equal(authority.Signer.KeyId, token.Kid);
        Assert.Equal(TimeSpan.FromHours(24), token.ValidTo - token.IssuedAt);
    }

    [Theory]
    [InlineData("https://authority.example", "https://authority.example/registry/participants")]
    [InlineData("https://authority.example/space/", "https://authority.example/space/registry/participants")]
    [InlineData("https://authority.example/registry/participants", "https://authority.example/registry/participants")]
    [InlineData("https://authority.example/registry/participants?limit=5", "https://authority.example/registry/participants?limit=5")]
    public void ListingUrl_KeepsAListingUrl_ExtendsABaseUrl(string given, string expected) =>
        Assert.Equal(expected, ParticipantRegistryClient.ListingUrl(new Uri(given)).AbsoluteUri);

    private ParticipantRegistryClient Client(ParticipantRegistryClientOptions? options = null) =>
        new(_http, _space.Signatures, _space.Resolver, _space.Trust, _space.Clock, _space.Options, options);

    private Participant Member() => _space.AddParticipant(didWeb: true);

    private static string Dsp(Participant member) => member.Identity.Document.FindServiceEndpoint(Dids.DidServiceTypes.DataService)!;

    // An authority with a did:key (its document resolves offline), in the trust anchors or not.
    private LocalIdentity AuthorityIdentity(bool trusted)
    {
        var identity = LocalIdentities.ForDidKey(_space.NewKey(JwsAlgorithms.ES256));
        if (trusted)
        {
            _space.Trust.Update(new Trust.TrustAnchorSet([.. _space.Trust.Current.Anchors, new Trust.TrustAnchor { Did = identity.Did, CredentialTypes = ["MembershipCredential"] }]));
        }

        return identity;
    }

    // Replaces one claim of a signed JWS's payload and keeps the signature: what a forger without the key can do.
    private static string Forge(string jws, string claim, string value)
    {
        var parts = jws.Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload[claim] = value;
        return parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];
    }

    // Serves the pages as the contract says: ?cursor=N selects page N, each page links the next by an absolute URL.
    private static Task<LoopbackServer> ServePagesAsync(params string[][] pages)
    {
        return LoopbackServer.StartAsync(app => app.MapGet("/registry/participants", (HttpContext context) =>
        {
            var index = int.TryParse(context.Request.Query["cursor"], out var c) ? c : 0;
            return Results.Json(new JsonObject
            {
                ["participants"] = new JsonArray([.. pages[index].Select(p => (JsonNode?)JsonValue.Create(p))]),
                ["next"] = index + 1 < pages.Length ? $"http://{context.Request.Host}/registry/participants?cursor={index + 1}" : null,
            });
        }));
    }
}
