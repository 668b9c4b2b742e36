using System.Text.Json.Nodes;
using Dataspace.Connector.Testing;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Keys;
using Dataspace.Identity.Wallet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Identity.Tests;

/// <summary>A minimal connector host on 127.0.0.1 with the identity endpoints and a DCP-protected DSP catalog endpoint.</summary>
internal sealed class TestConnector : IAsyncDisposable
{
    public const string Secret = "connector-identity-test-secret";
    private readonly WebApplication _app;

    private TestConnector(WebApplication app, string dataDirectory, Uri baseUrl, CapturedLogs logs)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        Logs = logs;
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    public CapturedLogs Logs { get; }

    public string Did => Services.GetRequiredService<ILocalIdentityProvider>().Current.Did;

    public IServiceProvider Services => _app.Services;

    public static int FreePort() => LoopbackPorts.Next();

    /// <summary>The did:key a connector with this data folder will have (its key store is created now).</summary>
    public static async Task<string> PrepareDidKeyAsync(string dataDirectory, string algorithm)
    {
        using var keys = new KeyStore(Path.Combine(dataDirectory, "keys"), Secret, TimeProvider.System);
        var identity = await LocalIdentities.LoadAsync(keys, null, [], algorithm, TimeProvider.System, CancellationToken.None);
        using var _ = identity.Signer.Key;
        return identity.Did;
    }

    public static async Task<TestConnector> StartAsync(int port, string dataDirectory, IDictionary<string, string?> settings, bool authority = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:DataDirectory"] = dataDirectory,
            // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Identity:KeyStoreSecret"] = Secret,
            ["Connector:Identity:AllowHttpForLoopback"] = "true",
            ["Connector:Identity:PublicUrl"] = $"http://127.0.0.1:{port}",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddConnectorIdentity(builder.Configuration);
        builder.Services.AddHttpClient("dsp").AddDcpAuthorization();
        if (authority)
        {
            builder.Services.AddSingleton(sp => new CredentialAuthority(
                Path.Combine(dataDirectory, "authority"), sp.GetRequiredService<ILocalIdentityProvider>().Current.Signer, new Uri($"http://127.0.0.1:{port}"), TimeProvider.System));
        }

        var app = builder.Build();
        app.MapDidDocument();
        app.MapCredentialService();
        app.MapDspaceTrust();
        app.MapIdentityManagement();
        app.MapGet("/.well-known/dspace-version", () => Results.Json(new { protocolVersions = new[] { new { version = "2025-1", path = "/api/dsp" } } }));
        if (authority)
        {
            app.MapStatusLists();
        }

        var dsp = app.MapGroup("/api/dsp");
        dsp.MapPost("/catalog/request", (IVerifiedCallerAccessor caller) => Results.Json(new
        {
            did = caller.Caller!.Did,
            types = caller.Caller.Credentials.SelectMany(c => c.Types).ToArray(),
            claims = caller.Caller.Credentials.Select(c => c.Claims).ToArray(),
        })).RequireDcpAuthentication(DspEndpointKind.Catalog);
        dsp.MapGet("/negotiations/{id}", (string id) => Results.Json(new { id })).RequireDcpAuthentication(DspEndpointKind.Negotiation);

        await app.StartAsync();
        return new TestConnector(app, dataDirectory, new Uri($"http://127.0.0.1:{port}"), logs);
    }

    public async Task<string> IssueAsync(string subjectDid, string type, JsonObject claims, Dataspace.Identity.Credentials.CredentialProfile profile) =>
        (await Services.GetRequiredService<CredentialAuthority>().IssueAsync(
            new CredentialRequest { SubjectDid = subjectDid, Type = type, Claims = claims, Profile = profile }, CancellationToken.None)).Jwt;

    public async Task ImportAsync(string jwt)
    {
        var result = await Services.GetRequiredService<CredentialWallet>().ImportAsync(jwt, CancellationToken.None);
        Assert.True(result.Succeeded, result.Reason);
    }

    public string TokenFor(TestConnector verifier, params string[] types) =>
        Services.GetRequiredService<SecureTokenService>().CreateTokenForVerifier(verifier.Did, types);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
