using Dataspace.Connector.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Host.Loopback;

/// <summary>
/// A connector running in this process on 127.0.0.1 with a free port: the one start-up path of the demo, the test
/// kit and the benchmarks.
/// </summary>
public sealed class LoopbackConnector : IAsyncDisposable
{
    private LoopbackConnector(WebApplication app, string baseAddress, string dataDirectory, string apiKey)
    {
        App = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        ApiKey = apiKey;
    }

    /// <summary>The running application (its services, its server).</summary>
    public WebApplication App { get; }

    /// <summary>The root URL without a trailing slash, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress { get; }

    /// <summary>The DSP endpoint other connectors call.</summary>
    public string Dsp => BaseAddress + "/api/dsp";

    /// <summary>The connector's data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>Where the bundled file-system storage plugin serves files from.</summary>
    public string Files => Path.Combine(DataDirectory, "plugins", "dataspace.storage.filesystem", "files");

    /// <summary>The management API key (configured, or generated into the data folder on first start).</summary>
    public string ApiKey { get; }

    /// <summary>
    /// The settings every loopback connector starts with: a free port on 127.0.0.1, the egress policy's development
    /// mode (peers are on 127.0.0.1 too), no identity unless one is configured, and warnings-only logs.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Defaults(string dataDirectory) => new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Connector:DataDirectory"] = dataDirectory,
        // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
        ["Connector:Egress:AllowPrivateNetworks"] = "true",
        ["Connector:Port"] = "0",
        ["Connector:BindAddress"] = "127.0.0.1",
        // Embedded connectors choose their identity explicitly (a key-store secret and DID); the identity a fresh
        // 'dataspace run' makes for itself is for operators, and would change what tests of other features exercise.
        ["Connector:Identity:Method"] = "none",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
    };

    /// <summary>Builds and starts a connector; disposes it again if it fails to start.</summary>
    /// <exception cref="ConnectorStartupException">A setting, the data folder or a plugin is wrong.</exception>
    public static async Task<LoopbackConnector> StartAsync(LoopbackConnectorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var overrides = new Dictionary<string, string?>(Defaults(options.DataDirectory), StringComparer.OrdinalIgnoreCase);
        if (options.PluginsDirectory is not null)
        {
            overrides["Connector:PluginsDirectory"] = options.PluginsDirectory;
        }

        foreach (var (key, value) in options.Settings)
        {
            overrides[key] = value;
        }

        var app = await ConnectorHost.BuildAsync(
            new ConnectorHostSettings
            {
                Overrides = overrides,
                ConfigFile = options.ConfigFile,
                Output = options.Output,
                Error = options.Error,
                ConfigureServices = options.ConfigureServices,
            },
            cancellationToken).ConfigureAwait(false);
        try
        {
            options.Configure?.Invoke(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new ConnectorStartupException("the connector started without an HTTP address");
            // A configured key is never written to the data folder; a generated one is only there.
            var apiKey = app.Configuration["Connector:ManagementApiKey"] is { Length: > 0 } configured
                ? configured
                : (await File.ReadAllTextAsync(Path.Combine(options.DataDirectory, ManagementApiKey.FileName), cancellationToken).ConfigureAwait(false)).Trim();
            return new LoopbackConnector(app, address.TrimEnd('/'), options.DataDirectory, apiKey);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the connector and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
