using System.Net;
using System.Net.Sockets;
using Dataspace.Connector.Egress;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A peer address that cannot be called is a failed delivery with its reason, never an exception: the outbox worker
/// runs as a hosted service, and an exception escaping it would stop the whole connector.
/// </summary>
public sealed class DspClientTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new("dsp-client-tests-");
    private TestAuditLog? _audit;

    private TestAuditLog Audit => _audit ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync() => _audit = await TestAuditLog.StartAsync(_temp.Path);

    public async Task DisposeAsync() => await Audit.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AMessageSent_IsInTheAuditLog_ByItsDigestAndIds_WithTheAnswersStatus_BeforeTheCallerHasTheAnswer()
    {
        await using var peer = await Peer.StartAsync(http => http.Response.WriteAsync("{}"));
        var body = System.Text.Encoding.UTF8.GetBytes("""{"@type": "ContractRequestMessage", "consumerPid": "urn:c:1", "providerPid": "urn:p:1", "offer": {"secret": "not logged"}}""");

        var response = await NewClient().PostAsync(peer.Url, body, "did:web:peer", CancellationToken.None);

        Assert.True(response.IsSuccess);
        var entries = await Audit.Store.ReadEntriesAsync(0, 10, CancellationToken.None);
        var entry = Assert.Single(entries);
        Assert.Equal(Dataspace.Sdk.Audit.AuditRecordTypes.DspMessageSent, entry.Type);
        Assert.Equal("did:web:peer", entry.CounterParty);
        Assert.Equal("urn:c:1", entry.ProcessId);
        var data = System.Text.Json.Nodes.JsonNode.Parse(entry.Data)!;
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), data["digest"]!.GetValue<string>());
        Assert.Equal("ContractRequestMessage", data["details"]!["messageType"]!.GetValue<string>());
        Assert.Equal(200, data["details"]!["status"]!.GetValue<int>());
        Assert.DoesNotContain("not logged", System.Text.Encoding.UTF8.GetString(entry.Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageThatCannotBeSent_IsNotInTheAuditLog()
    {
        var response = await NewClient().PostAsync("ftp://127.0.0.1/negotiations", [1, 2], "did:web:peer", CancellationToken.None);

        Assert.False(response.IsSuccess);
        Assert.Empty(await Audit.Store.ReadEntriesAsync(0, 10, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("negotiations/abc/agreement/verification")]
    [InlineData("ftp://127.0.0.1/negotiations")]
    [InlineData("file:///etc/passwd")]
    public async Task AnAddressThatIsNotAnAbsoluteHttpUrl_IsAFailedDelivery_WithItsReason(string url)
    {
        var client = NewClient();

        var response = await client.PostAsync(url, [], "did:web:peer", CancellationToken.None);

        Assert.False(response.IsSuccess);
        Assert.Contains("not an absolute http(s) URL", response.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachablePeer_IsATransientFailure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var response = await NewClient().PostAsync($"http://127.0.0.1:{port}/negotiations/request", [], "did:web:peer", CancellationToken.None);

        Assert.True(response.IsTransient);
        Assert.Contains("could not be reached", response.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("refused", response.Describe(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnAnswerLongerThanTheLimit_IsAPermanentFailure_WhateverContentLengthSays(bool announced)
    {
        await using var peer = await Peer.StartAsync(async context =>
        {
            var chunk = new byte[64 * 1024];
            if (announced)
            {
                context.Response.ContentLength = 64 * chunk.Length;
            }

            for (var i = 0; i < 64; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });

        var response = await NewClient(new DspOptions { MaxResponseBytes = 256 * 1024 }).PostAsync(peer.Url, [], "did:web:peer", CancellationToken.None);

        Assert.False(response.IsSuccess);
        Assert.False(response.IsTransient);
        Assert.Empty(response.Body);
        Assert.Contains("more than 262144 bytes", response.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusal_IsDescribedByItsStatusAndCorrelation_NeverByThePeersBody()
    {
        await using var peer = await Peer.StartAsync(async context =>
        {
            context.Response.StatusCode = 502;
            await context.Response.WriteAsync("internal admin console: db=10.0.0.5 password=hunter2");
        });

        var response = await NewClient().PostAsync(peer.Url, [], "did:web:peer", CancellationToken.None);

        Assert.False(response.IsSuccess);
        Assert.StartsWith("peer answered 502 (correlation ", response.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", response.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheDefaultEgressPolicy_ALoopbackPeerIsRefused_AndNoConnectionIsMade()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging();
        services.AddHttpClient(DspClient.HttpClientName).UseEgressPolicy();
        await using var provider = services.BuildServiceProvider();
        var client = new DspClient(provider.GetRequiredService<IHttpClientFactory>(), new NoToken(), Microsoft.Extensions.Options.Options.Create(new DspOptions()), provider.GetRequiredService<ILogger<DspClient>>(), Audit.Log, new Dataspace.Connector.Hosting.ConnectorInstance());

        var response = await client.PostAsync($"http://127.0.0.1:{port}/api/dsp/transfers/x/completion", [], "did:web:peer", CancellationToken.None);
        await Task.Delay(200);

        Assert.False(response.IsSuccess);
        Assert.False(response.IsTransient);
        Assert.Contains("refused by our egress policy", response.Describe(), StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    private DspClient NewClient(DspOptions? options = null)
    {
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        return new DspClient(services.GetRequiredService<IHttpClientFactory>(), new NoToken(), Microsoft.Extensions.Options.Options.Create(options ?? new DspOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<DspClient>.Instance, Audit.Log, new Dataspace.Connector.Hosting.ConnectorInstance());
    }

    private sealed class Peer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Peer(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<Peer> StartAsync(RequestDelegate answer)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(answer);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Peer(app, address + "/api/dsp/catalog/request");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed class NoToken : IDspTokenProvider
    {
        public Task<string?> GetTokenAsync(string counterPartyId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
