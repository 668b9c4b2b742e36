using System.Security.Cryptography;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

public sealed class PushTransferTests : IAsyncLifetime
{
    private DataPlaneHost _host = null!;
    private Backend _receiver = null!;

    public async Task InitializeAsync()
    {
        _host = await DataPlaneHost.StartAsync();
        _receiver = await Backend.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_ToReceiver_BytesArriveExactlyAndCompletionIsReported()
    {
        var content = RandomNumberGenerator.GetBytes(5_000_000);
        var destination = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _receiver.Url("/sink/pushed.bin")), ("authKey", "X-Api-Key"), ("authCode", "consumer-secret"));

        var result = await _host.Push.StartAsync(_host.StartContext("p-1", _host.File("data.bin", content), destination), CancellationToken.None);
        var outcome = await _host.Events.OutcomeAsync("p-1");

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Null(result.ConsumerAddress);
        Assert.Equal(new TransferOutcome(true, null), outcome);
        Assert.Equal(content, _receiver.Files["pushed.bin"]);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "consumer-secret"), (request.Method, request.Headers["X-Api-Key"]));
    }

    [Fact]
    public async Task StartAsync_DspDestinationWithBearerToken_IsPushedWithThatToken()
    {
        var destination = DataAddress.Create("https://w3id.org/idsa/v4.1/HTTP", ("endpoint", _receiver.Url("/sink/dsp.csv")), ("authorization", "TOKEN-ABCDEFG"), ("authType", "bearer"));

        await _host.Push.StartAsync(_host.StartContext("p-1", _host.File("data.csv", [1, 2, 3]), destination), CancellationToken.None);

        Assert.True((await _host.Events.OutcomeAsync("p-1")).Completed);
        Assert.Equal([1, 2, 3], _receiver.Files["dsp.csv"]);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("Bearer TOKEN-ABCDEFG", "text/csv"), (request.Headers["Authorization"], request.Headers["Content-Type"]));
    }

    [Fact]
    public async Task StartAsync_ReceiverAnswers500_FailureIsReportedWithTheStatusButNotTheBody()
    {
        var destination = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _receiver.Url("/status/500")));

        var result = await _host.Push.StartAsync(_host.StartContext("p-1", _host.File("data.bin", new byte[1_000]), destination), CancellationToken.None);
        var outcome = await _host.Events.OutcomeAsync("p-1");

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.False(outcome.Completed);
        Assert.Contains("answered 500", outcome.FailureReason, StringComparison.Ordinal);
        Assert.Contains("(correlation ", outcome.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain("backend says no", outcome.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ReceiverUnreachable_FailureIsReportedWithTheCause()
    {
        var destination = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", "http://127.0.0.1:1/in"));

        await _host.Push.StartAsync(_host.StartContext("p-1", _host.File("data.bin", new byte[10]), destination), CancellationToken.None);
        var outcome = await _host.Events.OutcomeAsync("p-1");

        Assert.False(outcome.Completed);
        Assert.Contains("http://127.0.0.1:1/in", outcome.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SourceMissing_FailureIsReportedWithTheSourceReason()
    {
        var destination = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _receiver.Url("/sink/x")));

        await _host.Push.StartAsync(_host.StartContext("p-1", DataAddress.Create(DataAddressTypes.FileSystem, ("path", "gone.bin")), destination), CancellationToken.None);
        var outcome = await _host.Events.OutcomeAsync("p-1");

        Assert.False(outcome.Completed);
        Assert.Contains("no file at 'gone.bin'", outcome.FailureReason, StringComparison.Ordinal);
        Assert.Empty(_receiver.Requests);
    }

    [Theory]
    [InlineData(null, "needs a destination data address")]
    [InlineData("file:///tmp/x", "must be an absolute http or https URL")]
    [InlineData("http://127.0.0.1/x|GET", "'GET' is not allowed here; expected one of POST, PUT")]
    public async Task StartAsync_UnusableDestination_FailsAtOnceWithReason(string? baseUrl, string expected)
    {
        var parts = baseUrl?.Split('|');
        var destination = parts is null ? null
            : parts.Length == 1 ? DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", parts[0]))
            : DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", parts[0]), ("method", parts[1]));

        var result = await _host.Push.StartAsync(_host.StartContext("p-1", _host.File("data.bin", [1]), destination), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, _host.Events.ReportCount);
    }

    [Fact]
    public async Task StartAsync_DefaultEgressPolicy_PushToLoopbackFailsAtOnceAndNothingArrives()
    {
        await using var strict = await DataPlaneHost.StartAsync(egress: new Dataspace.Sdk.Egress.EgressOptions());
        var destination = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _receiver.Url("/sink/internal.bin")));

        var result = await strict.Push.StartAsync(strict.StartContext("p-1", strict.File("data.bin", [1, 2, 3]), destination), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("egress policy refuses", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task StartAsync_DestinationsThatNeverAnswer_AllEndFailedWithinTheTimeoutsAndOverTheLimitAtOnce()
    {
        await using var host = await DataPlaneHost.StartAsync(new Dictionary<string, string?>
        {
            ["IdleTimeout"] = "00:00:01",
            ["ResponseTimeout"] = "00:00:01",
            ["MaxConcurrentPushesPerHost"] = "3",
        });
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start(backlog: 50);
        var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await listener.AcceptSocketAsync());
            }
        });
        var destination = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/never"));

        for (var i = 0; i < 5; i++)
        {
            var started = await host.Push.StartAsync(host.StartContext("p-" + i, host.File($"data{i}.bin", [1, 2, 3]), destination), CancellationToken.None);
            Assert.True(started.Succeeded, started.FailureReason);
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => host.Events.OutcomeAsync("p-" + i))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(outcomes, o => Assert.False(o.Completed));
        Assert.Equal(2, outcomes.Count(o => o.FailureReason!.Contains("limit of 3 pushes", StringComparison.Ordinal)));
        Assert.Equal(3, outcomes.Count(o => o.FailureReason!.Contains("did not answer within", StringComparison.Ordinal)));
        Assert.Equal(5, host.Events.ReportCount);
        listener.Stop();
        foreach (var socket in held)
        {
            socket.Dispose();
        }
    }

    [Fact]
    public async Task StopAsync_WhilePushing_CancelsWithoutReportingAnOutcome()
    {
        var destination = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _receiver.Url("/sink/never.bin")));
        await _host.Push.StartAsync(_host.StartContext("p-1", DataAddress.Create(BlockingDataSource.AddressType), destination), CancellationToken.None);
        await _host.Blocking.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await _host.Push.StopAsync(new TransferStopContext("p-1", TransferStopReason.Suspended), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, _host.Events.ReportCount);
        Assert.False(_receiver.Files.ContainsKey("never.bin"));
    }

    [Fact]
    public async Task StartAsync_Twice_PushesOnce()
    {
        var destination = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", _receiver.Url("/sink/once.bin")));
        var context = _host.StartContext("p-1", DataAddress.Create(BlockingDataSource.AddressType), destination);

        await _host.Push.StartAsync(context, CancellationToken.None);
        var second = await _host.Push.StartAsync(context, CancellationToken.None);
        await _host.Blocking.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await _host.Push.StopAsync(new TransferStopContext("p-1", TransferStopReason.Terminated), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(second.Succeeded);
        Assert.Equal(1, _host.Blocking.Opened);
    }
}
