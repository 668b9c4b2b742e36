using Dataspace.Plugins.Transport.Http.HttpData;
using Dataspace.Sdk.Testing.Transfer;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

public sealed class HttpDataSourceTests : DataSourceContractTests, IAsyncLifetime, IDisposable
{
    private readonly HttpDataClient _client = new(new HttpTransportOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }, TestEgress.Development);
    private Backend _backend = null!;

    public async Task InitializeAsync() => _backend = await Backend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    public void Dispose() => _client.Dispose();

    protected override IDataSource CreateSource() => new HttpDataSource(_client);

    protected override Task<DataAddress> SeedAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        _backend.Files[name] = content;
        return Task.FromResult(Address(("path", "files/" + name)));
    }

    protected override DataAddress MissingAddress() => Address(("path", "files/nothing.csv"));

    [Fact]
    public async Task OpenReadAsync_RangeForwarded_BackendSeesRangeHeader()
    {
        _backend.Files["r.bin"] = Content(1_000);

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = Address(("path", "files/r.bin")), Range = new ByteRange(10, 20) }, CancellationToken.None);

        await using var stream = result.Content!;
        Assert.Equal(_backend.Files["r.bin"].AsSpan(10, 20).ToArray(), await ReadAllAsync(stream));
        Assert.Contains(_backend.Requests, r => r.Headers.TryGetValue("Range", out var range) && range == "bytes=10-29");
    }

    [Theory]
    [InlineData(100L, 50L, 100, 50)]
    [InlineData(900L, null, 900, 100)]
    public async Task OpenReadAsync_BackendIgnoresRange_SliceIsCutLocally(long offset, long? length, int expectedOffset, int expectedLength)
    {
        var content = Content(1_000);
        _backend.Files["whole.csv"] = content;

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = Address(("path", "whole/whole.csv")), Range = new ByteRange(offset, length) }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        await using var stream = result.Content!;
        Assert.Equal(content.AsSpan(expectedOffset, expectedLength).ToArray(), await ReadAllAsync(stream));
        Assert.Equal(expectedLength, result.Length);
        Assert.Equal(1_000, result.TotalLength);
        Assert.Equal("text/csv", result.MediaType);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task OpenReadAsync_BackendFails_UnavailableWithStatus(int status)
    {
        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = Address(("path", $"status/{status}")) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.Unavailable, result.Failure);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReadAsync_BackendDown_UnavailableWithReason()
    {
        var down = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", "http://127.0.0.1:1/"));

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = down }, CancellationToken.None);

        Assert.Equal(DataFailureKind.Unavailable, result.Failure);
        Assert.Contains("could not be reached", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/x")]
    [InlineData("not a url")]
    [InlineData("")]
    public async Task OpenReadAsync_NotHttp_FailsInvalidAddress(string baseUrl)
    {
        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", baseUrl)) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Contains("baseUrl", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReadAsync_AuthHeaderAndQuery_AreSentToTheBackend()
    {
        _backend.Files["q.bin"] = Content(10);
        var address = Address(("path", "files/q.bin"), ("queryParams", "day=2026-11-23&limit=5"), ("authKey", "X-Api-Key"), ("authCode", "secret-1"));

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = address }, CancellationToken.None);

        await using var stream = result.Content!;
        var request = Assert.Single(_backend.Requests, r => r.PathAndQuery.StartsWith("/files/q.bin", StringComparison.Ordinal));
        Assert.Equal("/files/q.bin?day=2026-11-23&limit=5", request.PathAndQuery);
        Assert.Equal("secret-1", request.Headers["X-Api-Key"]);
    }

    [Fact]
    public async Task OpenReadAsync_MethodNotAllowedForReading_FailsInvalidAddress()
    {
        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = Address(("path", "files/x"), ("method", "DELETE")) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Contains("DELETE", result.Reason, StringComparison.Ordinal);
    }

    private DataAddress Address(params (string Name, string Value)[] properties) =>
        DataAddress.Create(DataAddressTypes.HttpData, [("baseUrl", _backend.BaseUrl.AbsoluteUri), .. properties]);
}
