using System.Net;
using System.Net.Http.Headers;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>The pull data plane reports every access it served for metering, before the consumer has the last byte.</summary>
public sealed class UsageReportingTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private DataPlaneHost _host = null!;

    public async Task InitializeAsync() => _host = await DataPlaneHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Get_WholeFile_ReportedWithItsBytesByTheTimeTheConsumerHasThem()
    {
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);
        var address = await _host.StartPullAsync("t-whole", _host.File("whole.bin", content), consumerId: "did:web:reader");

        using var response = await _http.SendAsync(Request(address));
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());

        var report = Assert.Single(_host.Usage.Reports);
        Assert.Equal("t-whole", report.TransferId);
        Assert.Equal("did:web:reader", report.ConsumerId);
        Assert.Equal(content.Length, report.Bytes);
        Assert.True(report.Duration >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Get_Range_ReportsTheRangesBytes_HeadReportsNone()
    {
        var address = await _host.StartPullAsync("t-range", _host.File("range.bin", new byte[10_000]));
        using (var request = Request(address))
        {
            request.Headers.Range = new RangeHeaderValue(100, 1099);
            using var ranged = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
            Assert.Equal(1000, (await ranged.Content.ReadAsByteArrayAsync()).Length);
        }

        using (var head = await _http.SendAsync(Request(address, HttpMethod.Head)))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        await WaitForReportsAsync(2);
        Assert.Equal([1000L, 0L], _host.Usage.Reports.Select(r => r.Bytes));
    }

    [Fact]
    public async Task Get_Refused_IsNotReported()
    {
        var address = await _host.StartPullAsync("t-refused", _host.File("refused.bin", [1, 2, 3]));
        using var response = await _http.SendAsync(Request(address, token: "not-a-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Usage.Reports);
    }

    private async Task WaitForReportsAsync(int count)
    {
        for (var i = 0; i < 200 && _host.Usage.Reports.Count < count; i++)
        {
            await Task.Delay(10);
        }
    }

    private static HttpRequestMessage Request(DataAddress address, HttpMethod? method = null, string? token = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, address.GetProperty("endpoint"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? address.GetProperty("authorization"));
        return request;
    }
}
