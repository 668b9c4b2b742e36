using Dataspace.Cli.Demo;

namespace Dataspace.Cli.Tests.Management;

/// <summary>One provider and one consumer connector shared by a test class; tests use their own ids.</summary>
public sealed class ConnectorPairFixture : IAsyncLifetime
{
    private LocalConnectorPair? _pair;

    internal LocalConnectorPair Pair => _pair ?? throw new InvalidOperationException("the connectors have not started");

    /// <summary>Whether the HTTP transport plugin is bundled beside the tests (pull transfers need it).</summary>
    public static bool HttpTransportBundled => Directory.Exists(Path.Combine(AppContext.BaseDirectory, "plugins", "Dataspace.Plugins.Transport.Http"));

    public async Task InitializeAsync() => _pair = await LocalConnectorPair.StartAsync(null, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    /// <summary>Runs <c>dataspace</c> against the provider with its API key.</summary>
    public Task<(int ExitCode, string Output, string Error)> ProviderAsync(params string[] args) =>
        Cli.RunAsync([.. args, "--connector", Pair.Provider.BaseAddress, "--api-key", Pair.Provider.ApiKey]);

    /// <summary>Runs <c>dataspace</c> against the consumer with its API key.</summary>
    public Task<(int ExitCode, string Output, string Error)> ConsumerAsync(params string[] args) =>
        Cli.RunAsync([.. args, "--connector", Pair.Consumer.BaseAddress, "--api-key", Pair.Consumer.ApiKey]);

    /// <summary>Publishes a CSV file as an asset with an offer under <paramref name="contractPolicy"/>, through the CLI; returns the offer id.</summary>
    public async Task<string> PublishAsync(string assetId, string csv, string contractPolicy)
    {
        Directory.CreateDirectory(Pair.Provider.Files);
        await File.WriteAllTextAsync(Path.Combine(Pair.Provider.Files, assetId + ".csv"), csv);
        var policyFile = Path.Combine(Pair.Provider.DataDirectory, assetId + "-policy.json");
        await File.WriteAllTextAsync(policyFile, contractPolicy);
        var openFile = Path.Combine(Pair.Provider.DataDirectory, assetId + "-open.json");
        await File.WriteAllTextAsync(openFile, OpenPolicy);
        Check(await ProviderAsync("assets", "create", "--id", assetId, "--address", $"path={assetId}.csv", "--property", "title=Data " + assetId));
        Check(await ProviderAsync("policies", "create", "--file", openFile, "--id", assetId + "-access"));
        Check(await ProviderAsync("policies", "create", "--file", policyFile, "--id", assetId + "-contract"));
        Check(await ProviderAsync("offers", "create", "--id", assetId + "-offer", "--asset", assetId, "--access-policy", assetId + "-access", "--contract-policy", assetId + "-contract"));
        return assetId + "-offer";
    }

    public const string OpenPolicy = """{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use"}]}""";

    public static string ClaimPolicy(string leftOperand, string value) =>
        $$"""{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use", "constraint": [{"leftOperand": "{{leftOperand}}", "operator": "eq", "rightOperand": "{{value}}"}]}]}""";

    private static void Check((int ExitCode, string Output, string Error) result) =>
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}{result.Output}");
}
