using System.Text.Json.Nodes;

namespace Dataspace.Cli.Tests.Management;

/// <summary><c>dataspace assets|policies|offers</c> against a running connector: create, list, get, delete, and refusals as one line.</summary>
public sealed class PublishCommandsTests : IClassFixture<ConnectorPairFixture>
{
    private readonly ConnectorPairFixture _connectors;

    public PublishCommandsTests(ConnectorPairFixture connectors) => _connectors = connectors;

    [Fact]
    public async Task AssetsPoliciesOffers_CreateListGetDelete_ThroughTheCli()
    {
        var offerId = await _connectors.PublishAsync("crud-data", "a,b\n1,2\n", ConnectorPairFixture.OpenPolicy);

        var assets = await _connectors.ProviderAsync("assets", "list", "--prefix", "crud-");
        var asset = await _connectors.ProviderAsync("assets", "get", "crud-data");
        var assetsJson = await _connectors.ProviderAsync("assets", "list", "--prefix", "crud-", "--json");
        var policies = await _connectors.ProviderAsync("policies", "list");
        var policy = await _connectors.ProviderAsync("policies", "get", "crud-data-contract");
        var offers = await _connectors.ProviderAsync("offers", "list", "--asset", "crud-data");

        Assert.True(assets.ExitCode == 0, $"exit {assets.ExitCode}: {assets.Error}");
        Assert.Matches(@"ID\s+ADDRESS\s+PROPERTIES", assets.Output);
        Assert.Contains("FileSystem path=crud-data.csv", assets.Output, StringComparison.Ordinal);
        Assert.Equal("Data crud-data", JsonNode.Parse(asset.Output)!["properties"]!["title"]!.GetValue<string>());
        Assert.Equal("crud-data", JsonNode.Parse(assetsJson.Output)!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Contains("crud-data-access", policies.Output, StringComparison.Ordinal);
        Assert.Equal("Set", JsonNode.Parse(policy.Output)!["policy"]!["@type"]!.GetValue<string>());
        Assert.Matches($@"{offerId}\s+crud-data\s+crud-data-access\s+crud-data-contract", offers.Output);

        var refused = await _connectors.ProviderAsync("assets", "delete", "crud-data");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: asset 'crud-data' is offered; delete its offers first (409 Conflict from DELETE /assets/crud-data)", refused.Error.Trim());

        Assert.Equal(0, (await _connectors.ProviderAsync("offers", "delete", offerId)).ExitCode);
        Assert.Equal(0, (await _connectors.ProviderAsync("assets", "delete", "crud-data")).ExitCode);
        Assert.Equal(0, (await _connectors.ProviderAsync("policies", "delete", "crud-data-contract")).ExitCode);
        Assert.Equal("(no assets)", (await _connectors.ProviderAsync("assets", "list", "--prefix", "crud-")).Output.Trim());
        Assert.Equal(1, (await _connectors.ProviderAsync("policies", "get", "crud-data-contract")).ExitCode);
    }

    [Fact]
    public async Task PoliciesCreate_ManagementShapeWithId_StoresThePolicyUnderThatId()
    {
        var file = Path.Combine(_connectors.Pair.Provider.DataDirectory, "wrapped.json");
        await File.WriteAllTextAsync(file, $$"""{"id": "wrapped-policy", "policy": {{ConnectorPairFixture.OpenPolicy}}}""");

        var created = await _connectors.ProviderAsync("policies", "create", "--file", file, "--json");

        Assert.True(created.ExitCode == 0, $"exit {created.ExitCode}: {created.Error}");
        Assert.Equal("wrapped-policy", JsonNode.Parse(created.Output)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PoliciesCreate_InvalidPolicy_FailsWithTheConnectorsReason()
    {
        var file = Path.Combine(_connectors.Pair.Provider.DataDirectory, "invalid.json");
        await File.WriteAllTextAsync(file, """{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use", "constraints": []}]}""");

        var created = await _connectors.ProviderAsync("policies", "create", "--file", file);

        Assert.Equal(1, created.ExitCode);
        Assert.StartsWith("error: the policy is invalid: ", created.Error, StringComparison.Ordinal);
        Assert.Single(created.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task AssetsCreate_MalformedProperty_FailsNamingTheOption()
    {
        var result = await _connectors.ProviderAsync("assets", "create", "--address", "no-equals-sign");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: --address 'no-equals-sign' must be name=value", result.Error.Trim());
    }

    [Fact]
    public async Task AnyCommand_WrongApiKey_FailsWithTheConnectorsReason()
    {
        var result = await Cli.RunAsync("assets", "list", "--connector", _connectors.Pair.Provider.BaseAddress, "--api-key", "wrong");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: the X-Api-Key header does not hold this connector's API key (401", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_KeyFileInDataDir_IsUsed()
    {
        var result = await Cli.RunAsync("offers", "list", "--connector", _connectors.Pair.Provider.BaseAddress, "--data-dir", _connectors.Pair.Provider.DataDirectory, "--json");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.IsType<JsonArray>(JsonNode.Parse(result.Output));
    }

    [Fact]
    public async Task AnyCommand_NoKeyAnywhere_FailsSayingWhereItLooked()
    {
        var empty = Directory.CreateTempSubdirectory("no-key-");
        try
        {
            var result = await Cli.RunAsync("assets", "list", "--connector", _connectors.Pair.Provider.BaseAddress, "--data-dir", empty.FullName);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no management API key: pass --api-key, set DATASPACE_API_KEY", result.Error, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(empty.FullName, "management-api-key"), result.Error, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnyCommand_ConnectorNotRunning_FailsSayingItCouldNotBeReached()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Cli.RunAsync("assets", "list", "--connector", $"http://127.0.0.1:{port}", "--api-key", "k");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: the connector at http://127.0.0.1:{port} could not be reached: ", result.Error, StringComparison.Ordinal);
    }
}
