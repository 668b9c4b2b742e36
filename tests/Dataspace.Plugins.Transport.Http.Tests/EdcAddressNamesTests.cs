using Dataspace.Plugins.Transport.Http.HttpData;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>HttpData addresses whose properties EDC peers name in EDC's namespace (<c>https://w3id.org/edc/v0.0.1/ns/baseUrl</c>, ...).</summary>
public sealed class EdcAddressNamesTests : IAsyncLifetime, IDisposable
{
    private const string Edc = "https://w3id.org/edc/v0.0.1/ns/";
    private static readonly HttpTransportOptions Options = new() { ConnectTimeout = TimeSpan.FromSeconds(5) };
    private readonly HttpDataClient _client = new(Options, TestEgress.Development);
    private Backend _backend = null!;

    public async Task InitializeAsync() => _backend = await Backend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task WriteAsync_EdcNamedBaseUrlPathMethodAndAuth_WritesThere()
    {
        var address = DataAddress.Create(DataAddressTypes.HttpData,
            (Edc + "baseUrl", _backend.Url("/sink")), (Edc + "path", "edc.json"), (Edc + "method", "PUT"),
            (Edc + "authKey", "X-Api-Key"), (Edc + "authCode", "secret-1"), (Edc + "contentType", "application/json"));

        var result = await new HttpDataSink(_client, Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<HttpDataSink>.Instance).WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream("{}"u8.ToArray()) }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        var request = Assert.Single(_backend.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("secret-1", request.Headers["X-Api-Key"]);
        Assert.Equal("{}"u8.ToArray(), _backend.Files["edc.json"]);
    }

    [Fact]
    public void TryParseDestination_SamePropertyUnderBothNamesWithDifferentValues_FailsWithTheReason()
    {
        var address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _backend.Url("/sink/a")), (Edc + "baseUrl", _backend.Url("/sink/b")));

        Assert.False(HttpEndpoint.TryParseDestination(address, out _, out var reason));
        Assert.Contains("given twice", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseSource_EdcNamedQueryParams_AreAppended()
    {
        var address = DataAddress.Create(DataAddressTypes.HttpData, (Edc + "baseUrl", "http://127.0.0.1:1/data"), (Edc + "queryParams", "a=1&b=2"));

        Assert.True(HttpEndpoint.TryParseSource(address, out var endpoint, out var reason), reason);
        Assert.Equal("http://127.0.0.1:1/data?a=1&b=2", endpoint.Url.AbsoluteUri);
    }
}
