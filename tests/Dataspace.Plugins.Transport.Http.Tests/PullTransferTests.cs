using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

public sealed class PullTransferTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private DataPlaneHost _host = null!;

    public async Task InitializeAsync() => _host = await DataPlaneHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task StartAsync_ReturnsDspHttpAddressWithBearerToken()
    {
        var address = await _host.StartPullAsync("urn:uuid:t-1", _host.File("a.csv", [1]));

        Assert.Equal("https://w3id.org/idsa/v4.1/HTTP", address.Type);
        Assert.Equal(_host.Server.Url("/api/public/transfers/urn%3Auuid%3At-1"), address.GetProperty("endpoint"));
        Assert.Equal("bearer", address.GetProperty("authType"));
        Assert.Equal(3, address.GetProperty("authorization")!.Split('.').Length);
    }

    [Fact]
    public async Task StartAsync_SourceTypeWithoutDataSource_FailsWithReason()
    {
        var result = await _host.Pull.StartAsync(_host.StartContext("t-x", DataAddress.Create("S3", ("bucket", "b")), null), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("'S3'", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ValidToken_StreamsTheWholeFileAndAsksTheGuard()
    {
        var content = RandomNumberGenerator.GetBytes(3_000_000);
        var address = await _host.StartPullAsync("t-1", _host.File("data.csv", content), consumerId: "did:web:acme");

        using var response = await _http.SendAsync(Request(address), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        var access = Assert.Single(_host.Guard.Requests);
        Assert.Equal(("t-1", "did:web:acme", (ByteRange?)null), (access.TransferId, access.ConsumerId, access.Range));
    }

    [Theory]
    [InlineData("bytes=10-19", 10, 10)]
    [InlineData("bytes=990-", 990, 10)]
    [InlineData("bytes=990-5000", 990, 10)]
    [InlineData("bytes=-25", 975, 25)]
    [InlineData("bytes=-5000", 0, 1000)]
    public async Task Get_SingleRange_Returns206WithThatSlice(string range, int offset, int length)
    {
        var content = RandomNumberGenerator.GetBytes(1_000);
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", content));
        using var request = Request(address);
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(offset, offset + length - 1, 1_000), response.Content.Headers.ContentRange);
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(content.AsSpan(offset, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_ExplicitRange_IsPassedToTheGuardForMetering()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", new byte[100]));
        using var request = Request(address);
        request.Headers.Range = new RangeHeaderValue(5, 9);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ByteRange(5, 5), Assert.Single(_host.Guard.Requests).Range);
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    [InlineData("bytes=garbage")]
    public async Task Get_RangeNotServedAsSingleByteRange_ReturnsTheWholeContent(string range)
    {
        var content = RandomNumberGenerator.GetBytes(100);
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", content));
        using var request = Request(address);
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_RangeBeyondTheEnd_Returns416WithReason()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", new byte[100]));
        using var request = Request(address);
        request.Headers.Range = new RangeHeaderValue(100, 200);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Contains("outside the file's 100 bytes", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_ReturnsHeadersWithoutBody()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.json", new byte[1234]));
        using var request = Request(address, HttpMethod.Head);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1234, response.Content.Headers.ContentLength);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_Returns405NamingTheAllowedMethods()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]));

        using var response = await _http.SendAsync(Request(address, HttpMethod.Post));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Get_NoToken_Returns401SayingWhatIsExpected()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]));

        using var response = await _http.GetAsync(new Uri(address.GetProperty("endpoint")!));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("Authorization: Bearer <token>", await ProblemDetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(_host.Guard.Requests);
    }

    [Fact]
    public async Task Get_TamperedToken_Returns401InvalidSignature()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]), consumerId: "did:web:acme");
        var parts = address.GetProperty("authorization")!.Split('.');
        var claims = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))).Replace("did:web:acme", "did:web:evil", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes(claims)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[2]}";

        using var response = await _http.SendAsync(Request(address, token: forged));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature is invalid", await ProblemDetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(_host.Guard.Requests);
    }

    [Fact]
    public async Task Get_UnsignedToken_Returns401()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]));
        var parts = address.GetProperty("authorization")!.Split('.');
        var unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + ".";

        using var response = await _http.SendAsync(Request(address, token: unsigned));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not one this data plane issued", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ExpiredToken_Returns401Expired()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]));
        _host.Time.Advance(TimeSpan.FromMinutes(10));

        using var response = await _http.SendAsync(Request(address));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TokenJustBeforeExpiry_IsAccepted()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]));
        _host.Time.Advance(TimeSpan.FromMinutes(9));

        using var response = await _http.SendAsync(Request(address));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_TokenOfAnotherTransfer_Returns401()
    {
        var first = await _host.StartPullAsync("t-1", _host.File("one.bin", [1]));
        var second = await _host.StartPullAsync("t-2", _host.File("two.bin", [2]));

        using var response = await _http.SendAsync(Request(second, token: first.GetProperty("authorization")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("issued for another transfer", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_GuardDenies_Returns403WithThePolicyReason()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]));
        _host.Guard.DenyWith = "the agreement allows at most 3 accesses; this is the 4th";

        using var response = await _http.SendAsync(Request(address));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("the agreement allows at most 3 accesses; this is the 4th", await ProblemDetailAsync(response));
    }

    [Fact]
    public async Task Get_TransferUnknownToTheConnector_Returns404WithReason()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]));
        _host.Guard.Stop("t-1");

        using var response = await _http.SendAsync(Request(address));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'t-1' is not started", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_SourceFileGone_Returns404WithReason()
    {
        var address = await _host.StartPullAsync("t-1", DataAddress.Create(DataAddressTypes.FileSystem, ("path", "gone.csv")));

        using var response = await _http.SendAsync(Request(address));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no file at 'gone.csv'", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TransferStopReason.Suspended)]
    [InlineData(TransferStopReason.Terminated)]
    [InlineData(TransferStopReason.Completed)]
    public async Task StopAsync_OldTokenIsRefusedAtOnce(TransferStopReason reason)
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", [1]));

        // The plugin's own revocation acts even while the connector would still allow the transfer.
        await _host.Pull.StopAsync(new TransferStopContext("t-1", reason), CancellationToken.None);
        using var response = await _http.SendAsync(Request(address));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("revoked", await ProblemDetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(_host.Guard.Requests);
    }

    [Fact]
    public async Task StartAsync_AfterSuspension_IssuesANewTokenThatWorksWhileTheOldStaysRevoked()
    {
        var source = _host.File("data.bin", [7, 8, 9]);
        var old = await _host.StartPullAsync("t-1", source);
        await _host.Pull.StopAsync(new TransferStopContext("t-1", TransferStopReason.Suspended), CancellationToken.None);

        var renewed = await _host.StartPullAsync("t-1", source);
        using var withNew = await _http.SendAsync(Request(renewed));
        using var withOld = await _http.SendAsync(Request(old));

        Assert.NotEqual(old.GetProperty("authorization"), renewed.GetProperty("authorization"));
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal([7, 8, 9], await withNew.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
    }

    [Fact]
    public async Task Get_EveryRequestIsCheckedByTheGuard()
    {
        var address = await _host.StartPullAsync("t-1", _host.File("data.bin", new byte[10]));

        for (var i = 0; i < 3; i++)
        {
            using var response = await _http.SendAsync(Request(address));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, _host.Guard.Requests.Count);
    }

    [Fact]
    public async Task Get_SourceBreaksMidStream_ConnectionIsAbortedNotTruncatedSilently()
    {
        var address = await _host.StartPullAsync("t-1", DataAddress.Create(BreakingDataSource.AddressType));

        using var response = await _http.SendAsync(Request(address), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1_000_000, response.Content.Headers.ContentLength);
        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
    }

    private static HttpRequestMessage Request(DataAddress address, HttpMethod? method = null, string? token = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, address.GetProperty("endpoint"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? address.GetProperty("authorization"));
        return request;
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)response.StatusCode, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}
