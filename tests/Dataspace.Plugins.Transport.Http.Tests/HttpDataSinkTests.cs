using System.Net;
using System.Net.Sockets;
using Dataspace.Plugins.Transport.Http.HttpData;
using Dataspace.Sdk.Egress;
using Microsoft.Extensions.Logging.Abstractions;
using Dataspace.Sdk.Testing.Transfer;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

public sealed class HttpDataSinkTests : DataSinkContractTests, IAsyncLifetime, IDisposable
{
    private static readonly HttpTransportOptions Options = new() { ConnectTimeout = TimeSpan.FromSeconds(5) };
    private readonly HttpDataClient _client = new(Options, TestEgress.Development);
    private Backend _backend = null!;

    public async Task InitializeAsync() => _backend = await Backend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    public void Dispose() => _client.Dispose();

    protected override IDataSink CreateSink() => new HttpDataSink(_client, Options, NullLogger<HttpDataSink>.Instance);

    protected override DataAddress NewAddress(string name) =>
        DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _backend.Url("/sink/" + name)));

    protected override Task<byte[]?> ReadBackAsync(DataAddress address, CancellationToken cancellationToken)
    {
        var name = new Uri(address.GetProperty("baseUrl")!).Segments[^1];
        return Task.FromResult(_backend.Files.TryGetValue(name, out var content) ? content : null);
    }

    [Fact]
    public async Task WriteAsync_EndpointAnswers500_FailsWithItsStatusAndACorrelationButNotItsBody()
    {
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _backend.Url("/status/500")));

        var result = await CreateSink().WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream([1, 2, 3]) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.Unavailable, result.Failure);
        Assert.Contains("answered 500", result.Reason, StringComparison.Ordinal);
        Assert.Contains("(correlation ", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("backend says no", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task WriteAsync_DefaultEgressPolicy_LoopbackDestinationIsRefusedWithoutAConnection(string host)
    {
        using var strict = new HttpDataClient(Options, TestEgress.Strict);
        var sink = new HttpDataSink(strict, Options, NullLogger<HttpDataSink>.Instance);
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", $"http://{host}:{_backend.BaseUrl.Port}/sink/internal.bin"));

        var result = await sink.WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream([1, 2, 3]) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Contains("may not be contacted", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task WriteAsync_NameRebindingToLoopback_IsRefusedOnTheAddressActuallyConnectedTo()
    {
        // The name looks public to any check of the URL; only the address it resolves to at connection time is loopback.
        var policy = new EgressPolicy(new EgressOptions(), (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        using var loopbackOnly = new HttpDataClient(Options, policy);
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", $"http://rebind.example:{_backend.BaseUrl.Port}/sink/x.bin"));

        var result = await new HttpDataSink(loopbackOnly, Options, NullLogger<HttpDataSink>.Instance).WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream([1]) }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("egress policy refuses", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_backend.Requests);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Transfer-Encoding")]
    [InlineData("X-Forwarded-For")]
    [InlineData("Cookie")]
    public async Task WriteAsync_AuthKeyNamingARoutingHeader_FailsInvalidAddressWithoutSending(string header)
    {
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _backend.Url("/sink/x")), ("authKey", header), ("authCode", "internal.example"));

        var result = await CreateSink().WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream([1]) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Contains("authKey", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task WriteAsync_DestinationAcceptsButNeverAnswers_FailsAfterTheResponseTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptSocketAsync();
        var options = Options with { IdleTimeout = TimeSpan.FromSeconds(1), ResponseTimeout = TimeSpan.FromSeconds(1) };
        using var client = new HttpDataClient(options, TestEgress.Development);
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/in"));

        var result = await new HttpDataSink(client, options, NullLogger<HttpDataSink>.Instance)
            .WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream([1, 2, 3]) }, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));
        using var socket = await accepted;

        Assert.Equal(DataFailureKind.Unavailable, result.Failure);
        Assert.Contains("did not answer within", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_PutWithBearerAuthorization_SendsMethodHeaderAndMediaType()
    {
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _backend.Url("/sink/put.json")), ("method", "PUT"), ("authorization", "tok-1"), ("authType", "bearer"));

        var result = await CreateSink().WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream("{}"u8.ToArray()), MediaType = "application/json" }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        var request = Assert.Single(_backend.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("Bearer tok-1", request.Headers["Authorization"]);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal("{}"u8.ToArray(), _backend.Files["put.json"]);
    }

    [Fact]
    public async Task WriteAsync_AuthKeyWithoutCode_FailsInvalidAddress()
    {
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _backend.Url("/sink/x")), ("authKey", "X-Key"));

        var result = await CreateSink().WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream([1]) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Contains("authCode", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_backend.Requests);
    }
}
