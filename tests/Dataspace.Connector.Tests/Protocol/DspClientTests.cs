using System.Net;
using System.Net.Sockets;
using Dataspace.Connector.Protocol.Dsp;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A peer address that cannot be called is a failed delivery with its reason, never an exception: the outbox worker
/// runs as a hosted service, and an exception escaping it would stop the whole connector.
/// </summary>
public sealed class DspClientTests
{
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
    }

    private static DspClient NewClient()
    {
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        return new DspClient(services.GetRequiredService<IHttpClientFactory>(), new NoToken());
    }

    private sealed class NoToken : IDspTokenProvider
    {
        public Task<string?> GetTokenAsync(string counterPartyId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
