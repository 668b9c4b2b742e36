using System.Net;
using System.Text.Json.Nodes;
using Dataspace.Connector.Identity.Dsp;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Testing;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Trust;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Identity.Tests.Dsp;

/// <summary>The DSP engine's authentication contracts implemented with DCP, between two connectors on loopback.</summary>
public sealed class DcpDspTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dataspace-dcp-dsp-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TokenForPeerDid_IsAcceptedByThePeer_WithVerifiedCredentials_AndRefusalsSayWhy()
    {
        var (authorityPort, bankPort, insurerPort) = (TestConnector.FreePort(), TestConnector.FreePort(), TestConnector.FreePort());
        var authorityDid = $"did:web:127.0.0.1%3A{authorityPort}";
        Directory.CreateDirectory(_root);
        var trust = Path.Combine(_root, "trust.json");
        await TrustAnchorFile.SaveAsync(trust, new TrustAnchorSet([new TrustAnchor { Did = authorityDid, CredentialTypes = ["MembershipCredential"] }]), CancellationToken.None);
        Dictionary<string, string?> Settings(int port) => new()
        {
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{port}",
            ["Connector:Identity:TrustAnchorsFile"] = trust,
            ["Connector:Identity:KeyAlgorithm"] = port == bankPort ? JwsAlgorithms.EdDSA : JwsAlgorithms.ES256,
        };
        await using var authority = await TestConnector.StartAsync(authorityPort, Path.Combine(_root, "a"), new Dictionary<string, string?> { ["Connector:Identity:Did"] = authorityDid }, authority: true);
        await using var bank = await TestConnector.StartAsync(bankPort, Path.Combine(_root, "bank"), Settings(bankPort));
        await using var insurer = await TestConnector.StartAsync(insurerPort, Path.Combine(_root, "insurer"), Settings(insurerPort));
        await bank.ImportAsync(await authority.IssueAsync(bank.Did, "MembershipCredential", new JsonObject { ["dataspace"] = "city" }, CredentialProfile.Vc20BitstringStatusList));
        var bankTokens = ActivatorUtilities.CreateInstance<DcpDspTokenProvider>(bank.Services);
        var insurerAuthenticator = ActivatorUtilities.CreateInstance<DcpDspAuthenticator>(insurer.Services);

        var token = await bankTokens.GetTokenAsync(insurer.Did, CancellationToken.None);
        using var scope = insurer.Services.CreateScope();
        var accepted = await insurerAuthenticator.AuthenticateAsync(Request(scope.ServiceProvider, "Bearer " + token), CancellationToken.None);

        Assert.NotNull(accepted.Caller);
        Assert.Equal(bank.Did, accepted.Caller.Did);
        Assert.Equal("city", Assert.Single(accepted.Caller.Credentials).Claims.GetProperty("dataspace").GetString());
        Assert.Same(accepted.Caller, scope.ServiceProvider.GetRequiredService<IVerifiedCallerAccessor>().Caller);

        var replayed = await insurerAuthenticator.AuthenticateAsync(Request(scope.ServiceProvider, "Bearer " + token), CancellationToken.None);
        var missing = await insurerAuthenticator.AuthenticateAsync(Request(scope.ServiceProvider, null), CancellationToken.None);
        var forOther = await insurerAuthenticator.AuthenticateAsync(Request(scope.ServiceProvider, await bankTokens.GetTokenAsync(authority.Did, CancellationToken.None)), CancellationToken.None);

        Assert.Null(replayed.Caller);
        Assert.StartsWith("ReplayedToken: ", replayed.FailureReason, StringComparison.Ordinal);
        Assert.StartsWith("MissingToken: ", missing.FailureReason, StringComparison.Ordinal);
        Assert.StartsWith("WrongAudience: ", forOther.FailureReason, StringComparison.Ordinal);
        Assert.Contains(insurer.Logs.Lines, l => l.Contains("Refused DSP caller of POST /api/dsp/catalog/request", StringComparison.Ordinal) && l.Contains("MissingToken", StringComparison.Ordinal));
        Assert.DoesNotContain(insurer.Logs.Lines, l => l.Contains(token!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CounterPartyKnownOnlyByUrl_NoTokenIsMade_AndTheRequestStopsWithTheReason()
    {
        var port = TestConnector.FreePort();
        await using var connector = await TestConnector.StartAsync(port, Path.Combine(_root, "c"), new Dictionary<string, string?> { ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{port}" });
        var tokens = ActivatorUtilities.CreateInstance<DcpDspTokenProvider>(connector.Services);

        var token = await tokens.GetTokenAsync("http://127.0.0.1:1/api/dsp", CancellationToken.None);
        using var client = new HttpClient(new DcpDspRequestGuard { InnerHandler = new AnswerOk() });
        var refused = await Assert.ThrowsAsync<DspRequestNotSentException>(() => client.PostAsync("http://127.0.0.1:1/api/dsp/catalog/request", null));
        using var signed = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/api/dsp/catalog/request");
        signed.Headers.TryAddWithoutValidation("Authorization", "Bearer " + await tokens.GetTokenAsync("did:web:peer.example", CancellationToken.None));
        using var passed = await client.SendAsync(signed);

        Assert.Null(token);
        Assert.Contains("only its URL is known; give 'counterPartyId'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(connector.Logs.Lines, l => l.Contains("No DCP token for counterparty http://127.0.0.1:1/api/dsp", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
    }

    [Fact]
    public async Task CounterPartyKnownOnlyByUrl_TheDspClientSaysNothingWasSent_NotThatThePeerCouldNotBeReached()
    {
        var port = TestConnector.FreePort();
        await using var connector = await TestConnector.StartAsync(port, Path.Combine(_root, "c"), new Dictionary<string, string?> { ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{port}" });
        using var peer = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        var peerDsp = $"http://127.0.0.1:{((IPEndPoint)peer.LocalEndpoint).Port}/api/dsp";

        // The DSP client as the connector builds it: our token provider, and the guard in front of a real socket handler.
        using var http = new HttpClient(new DcpDspRequestGuard { InnerHandler = new SocketsHttpHandler() });
        await using var audit = await TestAuditLog.StartAsync(Path.Combine(_root, "audit"));
        var dsp = new DspClient(new OneClientFactory(http), ActivatorUtilities.CreateInstance<DcpDspTokenProvider>(connector.Services), Microsoft.Extensions.Options.Options.Create(new DspOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<DspClient>.Instance, audit.Log, new Hosting.ConnectorInstance());

        var response = await dsp.PostAsync(peerDsp + "/catalog/request", [], peerDsp, CancellationToken.None);

        Assert.Null(response.Status);
        Assert.StartsWith($"nothing was sent to {peerDsp}/catalog/request: no DCP token was made", response.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("could not be reached", response.Describe(), StringComparison.Ordinal);
        Assert.False(peer.Pending());
    }

    [Fact]
    public void AddDcpDspAuthentication_ReplacesTheStaticTokenImplementations()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IDspCallerAuthenticator, StaticStub>();
        services.AddSingleton<IDspTokenProvider, StaticStub>();

        services.AddDcpDspAuthentication();

        Assert.Equal(typeof(DcpDspAuthenticator), Assert.Single(services, d => d.ServiceType == typeof(IDspCallerAuthenticator)).ImplementationType);
        Assert.Equal(typeof(DcpDspTokenProvider), Assert.Single(services, d => d.ServiceType == typeof(IDspTokenProvider)).ImplementationType);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static DefaultHttpContext Request(IServiceProvider services, string? authorization)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.Path = "/api/dsp/catalog/request";
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }

    private sealed class OneClientFactory(HttpClient client) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => client;
    }

    private sealed class AnswerOk : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }

    private sealed class StaticStub : IDspCallerAuthenticator, IDspTokenProvider
    {
        public Task<DspAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken) => Task.FromResult(DspAuthentication.Fail("stub"));

        public Task<string?> GetTokenAsync(string counterPartyId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
