using Dataspace.Connector.Client;
using Dataspace.Connector.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Cli.Demo;

/// <summary>A connector running in this process on 127.0.0.1 with a free port, and a management client for it.</summary>
internal sealed class LocalConnector : IAsyncDisposable
{
    private LocalConnector(WebApplication app, string baseAddress, string dataDirectory, string apiKey)
    {
        App = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        ApiKey = apiKey;
        Http = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromMinutes(5) };
        Client = new ManagementClient(Http, apiKey);
    }

    public WebApplication App { get; }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress { get; }

    /// <summary>The DSP endpoint other connectors call.</summary>
    public string Dsp => BaseAddress + "/api/dsp";

    public string DataDirectory { get; }

    /// <summary>Where the bundled filesystem plugin serves files from.</summary>
    public string Files => Path.Combine(DataDirectory, "plugins", "dataspace.storage.filesystem", "files");

    public string ApiKey { get; }

    public HttpClient Http { get; }

    public ManagementClient Client { get; }

    /// <summary>Builds and starts a connector with <paramref name="settings"/> over loopback defaults (free port, warnings-only logs).</summary>
    public static async Task<LocalConnector> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Connector:DataDirectory"] = dataDirectory,
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Port"] = "0",
            ["Connector:BindAddress"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        WebApplication app;
        try
        {
            app = await ConnectorHost.BuildAsync(new ConnectorHostSettings { Overrides = overrides, Output = TextWriter.Null, Error = TextWriter.Null }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectorHost.DescribeStartupError(e) is { } message)
        {
            throw new CliException(message);
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new CliException("the connector started without an HTTP address");
            var key = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "management-api-key"), cancellationToken).ConfigureAwait(false)).Trim();
            return new LocalConnector(app, address, dataDirectory, key);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
