using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Identity.Tests;

/// <summary>
/// A caller chooses its DID, and through its DID document the Credential Service we query: with the default egress
/// policy neither can make the verifier connect to loopback, and what a failure says is the same whatever the network did.
/// </summary>
public sealed partial class EgressTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dataspace-connector-egress-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new();

    [Fact]
    public async Task CredentialServiceOnLoopback_NamedByTheCallersDidDocument_IsNeverContacted_AndItsAnswerNeverReturned()
    {
        await using var internalService = await Recorder.StartAsync(IPAddress.Parse("127.0.0.2"));
        var callerPort = TestConnector.FreePort();
        var verifierPort = TestConnector.FreePort();
        await using var caller = await TestConnector.StartAsync(callerPort, Path.Combine(_root, "caller"), new Dictionary<string, string?>
        {
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{callerPort}",
            // Its DID document names a Credential Service on another loopback address.
            ["Connector:Identity:PublicUrl"] = internalService.BaseUrl,
        });

        // Production policy, with only the caller's DID host allowed, so resolution works and the Credential Service is
        // refused by the policy itself.
        await using var verifier = await TestConnector.StartAsync(verifierPort, Path.Combine(_root, "verifier"), new Dictionary<string, string?>
        {
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{verifierPort}",
            ["Connector:Egress:AllowPrivateNetworks"] = "false",
            ["Connector:Egress:AllowedNetworks:0"] = "127.0.0.1/32",
        });

        var status = await PostCatalogRequestAsync(verifier, caller.TokenFor(verifier, "MembershipCredential"));
        var reason = RefusalReason(verifier);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("CredentialServiceFailed", reason, StringComparison.Ordinal);
        Assert.Contains("the credential service could not be queried (correlation ", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Recorder.SecretAnswer, reason, StringComparison.Ordinal);
        Assert.Equal(0, internalService.Requests);

        // The operator finds the details under the same correlation id.
        var correlation = CorrelationPattern().Match(reason).Groups[1].Value;
        Assert.Contains(verifier.Logs.Lines, l => l.Contains(correlation, StringComparison.Ordinal) && l.Contains("127.0.0.2", StringComparison.Ordinal) && !l.Contains("Refused DSP caller", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DidWebResolvingToLoopback_IsRefusedWithoutAConnection_AndReadsLikeAClosedPort()
    {
        await using var didHost = await Recorder.StartAsync(IPAddress.Loopback);
        var didHostPort = new Uri(didHost.BaseUrl).Port;
        var closedPort = TestConnector.FreePort();
        var verifierPort = TestConnector.FreePort();
        var strictPort = TestConnector.FreePort();
        var refusedCallerPort = TestConnector.FreePort();
        var closedCallerPort = TestConnector.FreePort();

        // Two callers claiming did:web DIDs whose documents would be at the recorder (open) and at a closed port.
        await using var refusedCaller = await TestConnector.StartAsync(refusedCallerPort, Path.Combine(_root, "refused"), new Dictionary<string, string?>
        {
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{didHostPort}",
        });
        await using var closedCaller = await TestConnector.StartAsync(closedCallerPort, Path.Combine(_root, "closed"), new Dictionary<string, string?>
        {
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{closedPort}",
        });
        await using var strict = await TestConnector.StartAsync(strictPort, Path.Combine(_root, "strict"), new Dictionary<string, string?>
        {
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{strictPort}",
            ["Connector:Egress:AllowPrivateNetworks"] = "false",
        });
        await using var development = await TestConnector.StartAsync(verifierPort, Path.Combine(_root, "development"), new Dictionary<string, string?>
        {
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{verifierPort}",
        });

        var refusedStatus = await PostCatalogRequestAsync(strict, refusedCaller.TokenFor(strict, "MembershipCredential"));
        var closedStatus = await PostCatalogRequestAsync(development, closedCaller.TokenFor(development, "MembershipCredential"));
        var refused = RefusalReason(strict);
        var closed = RefusalReason(development);

        Assert.Equal(HttpStatusCode.Unauthorized, refusedStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, closedStatus);
        Assert.Equal(0, didHost.Requests);
        Assert.Equal(
            Normalize(closed, closedPort),
            Normalize(refused, didHostPort));
        Assert.Contains("could not be fetched (correlation ", refused, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _http.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    // The only differences allowed: the port in the DID and its URL, and the correlation id.
    private static string Normalize(string reason, int port) =>
        CorrelationPattern().Replace(reason.Replace(port.ToString(System.Globalization.CultureInfo.InvariantCulture), "PORT", StringComparison.Ordinal), "(correlation ID)");

    // What the verifier concluded (failure and reason), as DcpDspAuthenticator also answers it to the caller in the real host.
    private static string RefusalReason(TestConnector verifier) =>
        Assert.Single(verifier.Logs.Lines, l => l.Contains("Refused DSP caller", StringComparison.Ordinal)).Split(": ", 2)[1];

    private async Task<HttpStatusCode> PostCatalogRequestAsync(TestConnector verifier, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(verifier.BaseUrl, "/api/dsp/catalog/request"))
        {
            Content = new StringContent("""{"@context":["https://w3id.org/dspace/2025/1/context.jsonld"],"@type":"CatalogRequestMessage"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\(correlation ([0-9a-f]+)\)")]
    private static partial Regex CorrelationPattern();

    /// <summary>An internal service on a loopback address: counts requests and answers with something secret.</summary>
    private sealed class Recorder : IAsyncDisposable
    {
        public const string SecretAnswer = "internal-admin-console db=10.0.0.5";

        private readonly WebApplication _app;
        private int _requests;

        private Recorder(WebApplication app) => _app = app;

        public string BaseUrl { get; private set; } = "";

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<Recorder> StartAsync(IPAddress address)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(address, 0));
            var app = builder.Build();
            var recorder = new Recorder(app);
            app.Run(async context =>
            {
                Interlocked.Increment(ref recorder._requests);
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync(SecretAnswer);
            });
            await app.StartAsync();
            recorder.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return recorder;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
