using Dataspace.Connector.Host;
using Dataspace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Conformance.Tests.Dsp;

/// <summary>
/// Our connector in TCK mode (seeded from the repository's tck/seed.json, the fixtures of the TCK's sample
/// configuration) on 127.0.0.1 with a free port, and the suite's configuration for it.
/// </summary>
public sealed class TckModeConnector : IAsyncLifetime
{
    public const string ParticipantId = "did:web:connector-under-test.example";
    public const string Token = "tck-static-token";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "conformance-tck-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public ConformanceConfiguration Configuration { get; private set; } = new([]);

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    public static string SeedFile => Path.Combine(RepositoryPaths.Root, "tck", "seed.json");

    public async Task InitializeAsync()
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Connector:DataDirectory"] = _data,
            // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Connector:ParticipantId"] = ParticipantId,
            ["Connector:Tck:SeedFile"] = SeedFile,
            [$"Connector:Dsp:StaticTokens:{Token}"] = "TCK_PARTICIPANT",
            ["Connector:Dsp:OutboundToken"] = "connector-under-test-token",
        };
        _app = await ConnectorHost.BuildAsync(new ConnectorHostSettings { Overrides = overrides, Output = TextWriter.Null }, CancellationToken.None);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Configuration = TckConfiguration.ForConnector(BaseAddress, new Uri(BaseAddress, "/api/dsp"), ParticipantId, Token)
            .With([new("dataspacetck.dsp.default.wait", "10")]);
    }

    /// <summary>Runs one check of the suite against the connector; the result says why it failed.</summary>
    public async Task<CheckResult> RunAsync(string checkId, ConformanceConfiguration? configuration = null)
    {
        var runner = new ConformanceRunner(configuration ?? Configuration);
        var result = await runner.RunAsync([ConformanceSuite.Get(checkId)], BaseAddress.ToString(), CancellationToken.None);
        return Assert.Single(result.Checks);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold its files a moment after shutdown; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>The test classes that share one connector in TCK mode (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class TckModeGroup : ICollectionFixture<TckModeConnector>
{
    public const string Name = "our connector in TCK mode";
}
