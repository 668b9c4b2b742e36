using System.Net;
using System.Net.Http.Headers;

namespace Dataspace.Plugins.Transport.Http.Tests;

public sealed class PublicPathTests
{
    [Fact]
    public async Task ConfiguredPublicPath_IsWhereTokensPointAndWhereDataIsServed()
    {
        await using var host = await DataPlaneHost.StartAsync(new Dictionary<string, string?> { ["PublicPath"] = "/data/v1", ["TokenLifetime"] = "00:00:30" });
        var address = await host.StartPullAsync("t-1", host.File("data.bin", [4, 2]));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, address.GetProperty("endpoint"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", address.GetProperty("authorization"));

        using var response = await http.SendAsync(request);
        using var atDefault = await http.GetAsync(new Uri(host.Server.Url("/api/public/transfers/t-1")));
        host.Time.Advance(TimeSpan.FromSeconds(30));
        using var late = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, address.GetProperty("endpoint")) { Headers = { Authorization = request.Headers.Authorization } });

        Assert.Equal(host.Server.Url("/data/v1/t-1"), address.GetProperty("endpoint"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([4, 2], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, atDefault.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
    }

    [Theory]
    [InlineData("/data/v1/t-1/extra")]
    [InlineData("/data/v1/")]
    public async Task PathsBelowTheEndpointThatAreNotOneTransfer_Return404(string path)
    {
        await using var host = await DataPlaneHost.StartAsync(new Dictionary<string, string?> { ["PublicPath"] = "/data/v1" });
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(host.Server.Url(path)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("expected /data/v1/{transferId}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
