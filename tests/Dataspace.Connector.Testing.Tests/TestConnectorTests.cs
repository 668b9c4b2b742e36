using System.Net;
using Dataspace.Connector.Host;
using Dataspace.Connector.Host.Loopback;

namespace Dataspace.Connector.Testing.Tests;

public sealed class TestConnectorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task StartAsync_Defaults_ListensOnLoopbackWithAWorkingManagementKey()
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"), settings: new Dictionary<string, string?> { ["Connector:ParticipantId"] = "did:web:kit.example" });

        Assert.StartsWith("http://127.0.0.1:", connector.BaseAddress, StringComparison.Ordinal);
        Assert.Equal(connector.BaseAddress + "/api/dsp", connector.Dsp);
        var info = await connector.ManagementAsync(HttpMethod.Get, "/info");
        Assert.Equal("did:web:kit.example", info["participantId"]!.GetValue<string>());
        Assert.Contains(connector.BaseAddress, connector.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementAsync_WrongKey_ThrowsWithTheStatusAndBody()
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => connector.ManagementAsync("wrong-key", HttpMethod.Get, "/info"));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Contains("GET /info answered 401", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ConfiguredKey_IsTheKeyUsed()
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"), settings: new Dictionary<string, string?> { ["Connector:ManagementApiKey"] = "configured-key-0123456789" });

        Assert.Equal("configured-key-0123456789", connector.ApiKey);
        await connector.ManagementAsync(HttpMethod.Get, "/info");
    }

    [Fact]
    public async Task StartAsync_BadSetting_FailsNamingTheKeyAndLeavesNothingListening()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestConnector.StartAsync(new LoopbackConnectorOptions
        {
            DataDirectory = _temp.Sub("data"),
            Settings = new Dictionary<string, string?> { ["Connector:BindAddress"] = "not-an-address" },
        }));

        Assert.Contains("Connector:BindAddress", ConnectorHost.DescribeStartupError(e) ?? e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForStateAsync_UnknownStateNeverReached_TimesOutWithTheLastAnswer()
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"));

        // /info has no state: the wait can only time out, and says what it last saw.
        var e = await Assert.ThrowsAsync<TimeoutException>(() => connector.WaitForStateAsync("/info", ["FINALIZED"], TimeSpan.FromMilliseconds(200)));

        Assert.Contains("/info reaching FINALIZED did not hold", e.Message, StringComparison.Ordinal);
        Assert.Contains("participantId", e.Message, StringComparison.Ordinal);
    }
}
