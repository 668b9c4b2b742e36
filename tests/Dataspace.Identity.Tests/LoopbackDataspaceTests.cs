using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Tests.Support;
using Dataspace.Identity.Trust;
using Dataspace.Identity.Wallet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Identity.Tests;

/// <summary>Two connectors and an authority on 127.0.0.1, each a real Kestrel server, authenticating each other over HTTP through DCP.</summary>
public sealed class LoopbackDataspaceTests
{
    [Theory]
    [InlineData(JwsAlgorithms.ES256, true, CredentialProfile.Vc20BitstringStatusList)]
    [InlineData(JwsAlgorithms.EdDSA, true, CredentialProfile.Vc11StatusList2021)]
    [InlineData(JwsAlgorithms.ES256, false, CredentialProfile.Vc11StatusList2021)]
    [InlineData(JwsAlgorithms.EdDSA, false, CredentialProfile.Vc20BitstringStatusList)]
    public async Task Connectors_AuthenticateEachOther_WithAuthorityCredentials_AndRevocationTakesEffect(string algorithm, bool didWeb, CredentialProfile profile)
    {
        using var http = new HttpClient();
        var directory = new Dictionary<string, Uri>();
        var anchors = new StaticTrustAnchorProvider(TrustAnchorSet.Empty);
        await using var authority = await Node.StartAsync(http, directory, anchors, algorithm, didWeb: true);
        await using var bank = await Node.StartAsync(http, directory, anchors, algorithm, didWeb);
        await using var insurer = await Node.StartAsync(http, directory, anchors, algorithm == JwsAlgorithms.ES256 ? JwsAlgorithms.EdDSA : JwsAlgorithms.ES256, didWeb);
        anchors.Update(new TrustAnchorSet([new TrustAnchor { Did = authority.Did, CredentialTypes = ["MembershipCredential", "FinanceSubspaceCredential"] }]));
        var statusList = new StatusBitstring();
        authority.PublishStatusList(profile, statusList);

        var bankCredential = authority.Issue(bank.Did, profile, "FinanceSubspaceCredential", 5, new JsonObject { ["industry"] = "finance", ["region"] = "north" });
        var insurerCredential = authority.Issue(insurer.Did, profile, "MembershipCredential", 6, []);
        Assert.True((await bank.Wallet.ImportAsync(bankCredential, CancellationToken.None)).Succeeded);
        Assert.True((await insurer.Wallet.ImportAsync(insurerCredential, CancellationToken.None)).Succeeded);

        var bankSeenByInsurer = await insurer.Verifier.VerifyAsync("Bearer " + bank.Sts.CreateTokenForVerifier(insurer.Did, ["FinanceSubspaceCredential"]), ["FinanceSubspaceCredential"], CancellationToken.None);
        var insurerSeenByBank = await bank.Verifier.VerifyAsync(insurer.Sts.CreateTokenForVerifier(bank.Did, ["MembershipCredential"]), ["MembershipCredential"], CancellationToken.None);

        Assert.True(bankSeenByInsurer.Succeeded, bankSeenByInsurer.Reason);
        Assert.Equal(bank.Did, bankSeenByInsurer.Value.Did);
        Assert.Equal("north", Assert.Single(bankSeenByInsurer.Value.Credentials).Claims.GetProperty("region").GetString());
        Assert.True(insurerSeenByBank.Succeeded, insurerSeenByBank.Reason);
        Assert.True(insurerSeenByBank.Value.HasCredential("MembershipCredential"));

        statusList.Set(5, true);
        authority.PublishStatusList(profile, statusList);
        await using var auditor = await Node.StartAsync(http, directory, anchors, algorithm, didWeb);
        var revoked = await auditor.Verifier.VerifyAsync(bank.Sts.CreateTokenForVerifier(auditor.Did, ["FinanceSubspaceCredential"]), ["FinanceSubspaceCredential"], CancellationToken.None);

        Assert.Equal(VerificationFailure.CredentialRevoked, revoked.Failure);
    }

    /// <summary>One participant: a Kestrel server serving its DID document, Credential Service and (for an authority) status lists.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly Dictionary<string, string> _statusLists = [];
        private LoopbackServer _server = null!;
        private LocalIdentity _identity = null!;

        public string Did => _identity.Did;

        public SecureTokenService Sts { get; private set; } = null!;

        public DcpVerifier Verifier { get; private set; } = null!;

        public CredentialWallet Wallet { get; private set; } = null!;

        public static async Task<Node> StartAsync(HttpClient http, Dictionary<string, Uri> directory, ITrustAnchorProvider anchors, string algorithm, bool didWeb)
        {
            var node = new Node();
            var options = new IdentityOptions();
            var store = new InMemoryCredentialStore();
            CredentialServiceHandler? handler = null;
            node._server = await LoopbackServer.StartAsync(app =>
            {
                app.MapGet("/.well-known/did.json", () => Results.Text(node._identity.Document.ToJson().ToJsonString(), "application/did+json"));
                app.MapGet("/status/{name}", (string name) => node._statusLists.TryGetValue(name, out var jwt) ? Results.Text(jwt, "application/vc+jwt") : Results.NotFound());
                app.MapPost("/api/credentials/presentations/query", async (HttpRequest request, CancellationToken ct) =>
                {
                    using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
                    var response = await handler!.HandleQueryAsync(request.Headers.Authorization, body.RootElement, ct);
                    return Results.Text(response.Body.ToJsonString(), "application/json", statusCode: response.StatusCode);
                });
            });
            var key = SigningKey.Generate(algorithm);
            var credentialService = new Uri(node._server.BaseUrl, "/api/credentials");
            if (didWeb)
            {
                var did = node._server.DidWeb();
                node._identity = LocalIdentities.ForDidWeb(did, "key-1", key, [], LocalIdentities.Services(did, credentialService, new Uri(node._server.BaseUrl, "/api/dsp")));
            }
            else
            {
                node._identity = LocalIdentities.ForDidKey(key);
                directory[node._identity.Did] = credentialService;
            }

            var identity = new StaticLocalIdentityProvider(node._identity);
            var resolver = new DidResolverRegistry([new DidKeyResolver(), new DidWebResolver(http, new DidWebOptions { AllowHttpForLoopback = true })], TimeProvider.System, options.DidCacheTtl);
            var signatures = new DidJwsVerifier(resolver);
            var credentials = new CredentialVerifier(signatures, new StatusListChecker(new HttpStatusListFetcher(http), signatures, TimeProvider.System, options), anchors, TimeProvider.System, options);
            var tokens = new SelfIssuedTokenValidator(signatures, new JtiReplayCache(TimeProvider.System), TimeProvider.System, options);
            node.Sts = new SecureTokenService(identity, TimeProvider.System, options);
            node.Verifier = new DcpVerifier(
                tokens, resolver, new HttpCredentialServiceClient(http), new CredentialServiceLocator(directory), credentials, node.Sts, identity,
                new PresentationCache(TimeProvider.System, options.PresentationCacheTtl), options, NullLogger<DcpVerifier>.Instance);
            node.Wallet = new CredentialWallet(store, credentials, identity);
            handler = new CredentialServiceHandler(identity, store, tokens, TimeProvider.System, options);
            return node;
        }

        public string StatusUrl(CredentialProfile profile) => new Uri(_server.BaseUrl, $"/status/{CredentialProfiles.ToId(profile).Replace('/', '-')}").AbsoluteUri;

        public void PublishStatusList(CredentialProfile profile, StatusBitstring bits)
        {
            var url = StatusUrl(profile);
            _statusLists[url[(url.LastIndexOf('/') + 1)..]] = JwtCredentials.IssueStatusList(_identity.Signer, profile, url, StatusPurposes.Revocation, bits, DateTimeOffset.UtcNow.AddMinutes(-1), null);
        }

        public string Issue(string subject, CredentialProfile profile, string type, int index, JsonObject claims) => JwtCredentials.Issue(
            new CredentialDraft
            {
                Types = [type],
                SubjectDid = subject,
                Claims = claims,
                ValidFrom = DateTimeOffset.UtcNow.AddMinutes(-1),
                ValidUntil = DateTimeOffset.UtcNow.AddDays(30),
                Status = new CredentialStatusEntry { StatusListCredential = StatusUrl(profile), Index = index },
            },
            _identity.Signer,
            profile);

        public async ValueTask DisposeAsync()
        {
            await _server.DisposeAsync();
            _identity.Signer.Key.Dispose();
        }
    }
}
