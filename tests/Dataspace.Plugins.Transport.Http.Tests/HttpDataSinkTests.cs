using Dataspace.Plugins.Transport.Http.HttpData;
using Dataspace.Sdk.Testing.Transfer;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

public sealed class HttpDataSinkTests : DataSinkContractTests, IAsyncLifetime, IDisposable
{
    private readonly HttpDataClient _client = new(new HttpTransportOptions { ConnectTimeout = TimeSpan.FromSeconds(5) });
    private Backend _backend = null!;

    public async Task InitializeAsync() => _backend = await Backend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    public void Dispose() => _client.Dispose();

    protected override IDataSink CreateSink() => new HttpDataSink(_client);

    protected override DataAddress NewAddress(string name) =>
        DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _backend.Url("/sink/" + name)));

    protected override Task<byte[]?> ReadBackAsync(DataAddress address, CancellationToken cancellationToken)
    {
        var name = new Uri(address.GetProperty("baseUrl")!).Segments[^1];
        return Task.FromResult(_backend.Files.TryGetValue(name, out var content) ? content : null);
    }

    [Fact]
    public async Task WriteAsync_EndpointAnswers500_FailsWithItsStatusAndBody()
    {
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _backend.Url("/status/500")));

        var result = await CreateSink().WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream([1, 2, 3]) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.Unavailable, result.Failure);
        Assert.Contains("answered 500", result.Reason, StringComparison.Ordinal);
        Assert.Contains("backend says no", result.Reason, StringComparison.Ordinal);
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
