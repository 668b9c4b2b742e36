using Dataspace.Connector.Host;
using Dataspace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>
/// Our connector in TCK mode (seeded from tck/seed.json, the fixtures of the TCK's sample configuration; static DSP
/// tokens) on 127.0.0.1 with a free port, optionally with one fault injected into its services.
/// </summary>
internal sealed class TckModeTarget : IAsyncDisposable
{
    public const string ParticipantId = "did:web:connector-under-test.example";
    public const string Token = "tck-static-token";

    private readonly WebApplication _app;
    private readonly string _data;

    private TckModeTarget(WebApplication app, string data, Uri baseAddress)
    {
        _app = app;
        _data = data;
        BaseAddress = baseAddress;
        Configuration = TckConfiguration.ForConnector(baseAddress, new Uri(baseAddress, "/api/dsp"), ParticipantId, Token)
            .With([new("dataspacetck.dsp.default.wait", "10")]);
    }

    public Uri BaseAddress { get; }

    public ConformanceConfiguration Configuration { get; }

    public static async Task<TckModeTarget> StartAsync(Action<IServiceCollection>? fault = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "conformance-faulty-" + Guid.NewGuid().ToString("N"));
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Connector:DataDirectory"] = data,
            // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Connector:ParticipantId"] = ParticipantId,
            ["Connector:Tck:SeedFile"] = Path.Combine(RepositoryPaths.Root, "tck", "seed.json"),
            [$"Connector:Dsp:StaticTokens:{Token}"] = "TCK_PARTICIPANT",
            ["Connector:Dsp:OutboundToken"] = "connector-under-test-token",
        };
        var app = await ConnectorHost.BuildAsync(new ConnectorHostSettings { Overrides = overrides, Output = TextWriter.Null, ConfigureServices = fault }, CancellationToken.None);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new TckModeTarget(app, data, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
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
