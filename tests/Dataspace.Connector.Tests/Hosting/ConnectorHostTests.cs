using System.Net;
using System.Text.Json;
using Dataspace.Connector.Host;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Tests.Hosting;

public sealed class ConnectorHostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Start_Defaults_AnswersHealthAndListsTheFilesystemPlugin()
    {
        var data = _temp.Sub("data");
        await using var connector = await TestConnector.StartAsync(data);

        using var live = await connector.Http.GetAsync("/health/live");
        using var ready = await connector.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var response = await connector.Http.SendAsync(connector.Management(HttpMethod.Get, "/plugins", connector.ApiKey));
        var plugins = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var fs = plugins.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "dataspace.storage.filesystem");
        Assert.Equal("loaded", fs.GetProperty("status").GetString());
        Assert.Equal("healthy", fs.GetProperty("health").GetProperty("status").GetString());
        Assert.Equal(["storage", "transport"], fs.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!).ToArray());
    }

    [Fact]
    public async Task Info_ReportsParticipantVersionEndpointsAndAddressTypes()
    {
        var data = _temp.Sub("data");
        await using var connector = await TestConnector.StartAsync(data, settings: new Dictionary<string, string?> { ["Connector:ParticipantId"] = "did:web:provider.example" });

        using var response = await connector.Http.SendAsync(connector.Management(HttpMethod.Get, "/info", connector.ApiKey));
        var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("did:web:provider.example", info.GetProperty("participantId").GetString());
        Assert.Equal("1.0.0", info.GetProperty("sdkVersion").GetString());
        Assert.Equal(connector.BaseAddress + "/api/management/v1", info.GetProperty("endpoints").GetProperty("management").GetString());
        Assert.Contains("FileSystem", info.GetProperty("dataSourceTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("FileSystem", info.GetProperty("dataSinkTypes").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData(null, "missing X-Api-Key header")]
    [InlineData("wrong-key-wrong-key", "does not hold this connector's API key")]
    public async Task Management_WithoutTheKey_Is401WithReason(string? key, string reason)
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"));

        using var response = await connector.Http.SendAsync(connector.Management(HttpMethod.Get, "/plugins", key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Management_ConfiguredKey_IsTheOnlyKeyAccepted()
    {
        var data = _temp.Sub("data");
        await using var connector = await TestConnector.StartAsync(data, settings: new Dictionary<string, string?> { ["Connector:ManagementApiKey"] = "configured-key-0123456789" });

        using var ok = await connector.Http.SendAsync(connector.Management(HttpMethod.Get, "/info", "configured-key-0123456789"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(File.Exists(Path.Combine(data, "management-api-key")));
        Assert.DoesNotContain("shown only once", connector.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsParticipantIdAndApiKey_AndPrintsTheGeneratedKeyOnlyOnce()
    {
        var data = _temp.Sub("data");
        string firstId, firstKey, firstOutput;
        await using (var first = await TestConnector.StartAsync(data))
        {
            firstKey = first.ApiKey;
            firstId = await ParticipantIdAsync(first, firstKey);
            firstOutput = first.Output.ToString();
        }

        await using var second = await TestConnector.StartAsync(data);
        Assert.Equal(firstKey, second.ApiKey);
        Assert.Equal(firstId, await ParticipantIdAsync(second, firstKey));
        Assert.Contains(firstKey, firstOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(firstKey, second.Output.ToString(), StringComparison.Ordinal);

        using var response = await second.Http.SendAsync(second.Management(HttpMethod.Get, "/info", firstKey));
        Assert.Equal(2, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("startCount").GetInt64());
    }

    [Fact]
    public async Task Banner_SaysWhereTheEndpointsAre()
    {
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"));

        var banner = connector.Output.ToString();
        Assert.Contains($"ready at {connector.BaseAddress}", banner, StringComparison.Ordinal);
        Assert.Contains($"{connector.BaseAddress}/api/management/v1", banner, StringComparison.Ordinal);
        Assert.Contains($"{connector.BaseAddress}/health/ready", banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigFile_IsOverriddenByExplicitSettings()
    {
        var config = _temp.Sub("connector.json");
        await File.WriteAllTextAsync(config, """{ "Connector": { "ParticipantId": "from-file", "ManagementApiKey": "file-key-0123456789abc" } }""");
        var data = _temp.Sub("data");

        await using var connector = await TestConnector.StartAsync(data, settings: new Dictionary<string, string?> { ["Connector:ParticipantId"] = "from-override" }, configFile: config);

        Assert.Equal("from-override", await ParticipantIdAsync(connector, "file-key-0123456789abc"));
    }

    [Theory]
    [InlineData("Connector:Port", "70000", "Connector:Port")]
    [InlineData("Connector:BindAddress", "not-an-ip", "Connector:BindAddress 'not-an-ip' is not an IP address")]
    [InlineData("Connector:ManagementApiKey", "short", "at least 16 characters")]
    [InlineData("Connector:Port", "-1", "Connector:Port is -1: The field Port must be between 0 and 65535.")]
    [InlineData("Connector:Port", "eighty", "'Connector:Port'")]
    [InlineData("Connector:Policy:PolicyCacheSize", "0", "Connector:Policy:PolicyCacheSize is 0: The field PolicyCacheSize must be between 1 and 10000000.")]
    [InlineData("Connector:Policy:CredentialRecheckCacheSize", "0", "Connector:Policy:CredentialRecheckCacheSize is 0")]
    [InlineData("Connector:Policy:CredentialRecheckSeconds", "-1", "Connector:Policy:CredentialRecheckSeconds is -1: The field CredentialRecheckSeconds must be between 0 and 86400.")]
    [InlineData("Connector:Dsp:MaxDeliveryAttempts", "0", "Connector:Dsp:MaxDeliveryAttempts is 0: The field MaxDeliveryAttempts must be between 1 and 1000.")]
    [InlineData("Connector:Dsp:MaxDeliveryAttempts", "many", "'Connector:Dsp:MaxDeliveryAttempts'")]
    [InlineData("Connector:Dsp:MaxMessageBytes", "100", "Connector:Dsp:MaxMessageBytes is 100: The field MaxMessageBytes must be between 1024 and 16777216.")]
    [InlineData("Connector:Dsp:MaxResponseBytes", "0", "Connector:Dsp:MaxResponseBytes is 0")]
    [InlineData("Connector:Dsp:MaxCatalogBytes", "10", "Connector:Dsp:MaxCatalogBytes is 10")]
    [InlineData("Connector:Dsp:MaxCatalogDatasets", "0", "Connector:Dsp:MaxCatalogDatasets is 0")]
    [InlineData("Connector:Dsp:PublicUrl", "bank.example/api/dsp", "Connector:Dsp:PublicUrl is 'bank.example/api/dsp'; expected the absolute http(s) URL")]
    [InlineData("Connector:Dsp:StaticTokens:some-token", " ", "Connector:Dsp:StaticTokens has an entry with an empty token or participant id")]
    [InlineData("Connector:Quotas:NegotiationsPerMinute", "0", "Connector:Quotas:NegotiationsPerMinute is 0: The field NegotiationsPerMinute must be between 1 and 1000000.")]
    [InlineData("Connector:Quotas:NegotiationBurst", "0", "Connector:Quotas:NegotiationBurst is 0")]
    [InlineData("Connector:Quotas:TransfersPerMinute", "0", "Connector:Quotas:TransfersPerMinute is 0")]
    [InlineData("Connector:Quotas:TransferBurst", "0", "Connector:Quotas:TransferBurst is 0")]
    [InlineData("Connector:Quotas:MaxOpenNegotiationsPerPeer", "0", "Connector:Quotas:MaxOpenNegotiationsPerPeer is 0")]
    [InlineData("Connector:Quotas:MaxOpenTransfersPerPeer", "0", "Connector:Quotas:MaxOpenTransfersPerPeer is 0")]
    [InlineData("Connector:Quotas:MaxTrackedPeers", "0", "Connector:Quotas:MaxTrackedPeers is 0")]
    [InlineData("Connector:Catalog:PageSize", "0", "Connector:Catalog:PageSize is 0: The field PageSize must be between 1 and 10000.")]
    [InlineData("Connector:Catalog:PageSize", "100000", "Connector:Catalog:PageSize is 100000")]
    [InlineData("Connector:Egress:AllowedNetworks:0", "10.0.0.0/99", "Connector:Egress:AllowedNetworks:0 '10.0.0.0/99' is not a CIDR range")]
    [InlineData("Connector:JsonLd:Contexts:0:Url", "not a url", "Connector:JsonLd:Contexts:0:Url")]
    [InlineData("Portal:SessionLifetime", "00:00:00", "Portal:SessionLifetime must be above zero")]
    public async Task Start_BadSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestConnector.StartAsync(_temp.Sub("data"), settings: new Dictionary<string, string?> { [key] = value }));

        // The start-up error line (what RunAsync prints), not a stack trace.
        var line = ConnectorHost.DescribeStartupError(e);
        Assert.True(line is not null, e.ToString());
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ConfigFileNotJson_FailsSayingSo()
    {
        var config = _temp.Sub("broken.json");
        await File.WriteAllTextAsync(config, "{ not json");

        var e = await Assert.ThrowsAsync<ConnectorStartupException>(() => TestConnector.StartAsync(_temp.Sub("data"), configFile: config));

        Assert.Contains("is not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DatabaseFromNewerConnector_FailsAndLeavesItUntouched()
    {
        var data = _temp.Sub("data");
        await using (await TestConnector.StartAsync(data))
        {
        }

        var db = Path.Combine(data, "connector.db");
        await using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'now')";
            await command.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestConnector.StartAsync(data));

        Assert.Contains("schema version 999, newer than this connector's", ConnectorHost.DescribeStartupError(e), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortInUse_FailsSayingSo()
    {
        await using var first = await TestConnector.StartAsync(_temp.Sub("a"));
        var port = new Uri(first.BaseAddress).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestConnector.StartAsync(_temp.Sub("b"), settings: new Dictionary<string, string?> { ["Connector:Port"] = port }));

        Assert.Contains("already in use", ConnectorHost.DescribeStartupError(e), StringComparison.Ordinal);
    }

    private static async Task<string> ParticipantIdAsync(TestConnector connector, string key)
    {
        using var response = await connector.Http.SendAsync(connector.Management(HttpMethod.Get, "/info", key));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("participantId").GetString()!;
    }
}
