using Dataspace.Connector.Client;
using Dataspace.Connector.Host;
using Dataspace.Connector.Host.Loopback;
using Microsoft.AspNetCore.Builder;

namespace Dataspace.Cli.Demo;

/// <summary>A connector running in this process on 127.0.0.1 with a free port, and a management client for it.</summary>
internal sealed class LocalConnector : IAsyncDisposable
{
    private readonly LoopbackConnector _connector;

    private LocalConnector(LoopbackConnector connector)
    {
        _connector = connector;
        Http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress), Timeout = TimeSpan.FromMinutes(5) };
        Client = new ManagementClient(Http, connector.ApiKey);
    }

    public WebApplication App => _connector.App;

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress => _connector.BaseAddress;

    /// <summary>The DSP endpoint other connectors call.</summary>
    public string Dsp => _connector.Dsp;

    public string DataDirectory => _connector.DataDirectory;

    /// <summary>Where the bundled filesystem plugin serves files from.</summary>
    public string Files => _connector.Files;

    public string ApiKey => _connector.ApiKey;

    public HttpClient Http { get; }

    public ManagementClient Client { get; }

    /// <summary>Builds and starts a connector with <paramref name="settings"/> over the loopback defaults (free port, warnings-only logs).</summary>
    public static async Task<LocalConnector> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        try
        {
            var connector = await LoopbackConnector.StartAsync(new LoopbackConnectorOptions { DataDirectory = dataDirectory, Settings = settings }, cancellationToken).ConfigureAwait(false);
            return new LocalConnector(connector);
        }
        catch (Exception e) when (ConnectorHost.DescribeStartupError(e) is { } message)
        {
            throw new CliException(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _connector.DisposeAsync().ConfigureAwait(false);
    }
}
