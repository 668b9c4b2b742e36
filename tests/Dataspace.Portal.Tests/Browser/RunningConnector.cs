using Dataspace.Connector.Client;
using Dataspace.Connector.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Portal.Tests.Browser;

/// <summary>A real connector host in this process on 127.0.0.1 with a free port and its own data folder.</summary>
internal sealed class RunningConnector : IAsyncDisposable
{
    private RunningConnector(WebApplication app, string address, string dataDirectory, string apiKey)
    {
        App = app;
        Address = address;
        DataDirectory = dataDirectory;
        ApiKey = apiKey;
        Http = new HttpClient { BaseAddress = new Uri(address) };
        Client = new ManagementClient(Http, apiKey);
    }

    public WebApplication App { get; }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; }

    public string Dsp => Address + "/api/dsp";

    public string DataDirectory { get; }

    /// <summary>Where the bundled filesystem plugin reads files from.</summary>
    public string Files => Path.Combine(DataDirectory, "plugins", "dataspace.storage.filesystem", "files");

    public string ApiKey { get; }

    public HttpClient Http { get; }

    public ManagementClient Client { get; }

    public static async Task<RunningConnector> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Connector:DataDirectory"] = dataDirectory,
            // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
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

        var app = await ConnectorHost.BuildAsync(new ConnectorHostSettings { Overrides = overrides, Output = TextWriter.Null, Error = TextWriter.Null }, CancellationToken.None);
        try
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var key = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "management-api-key"))).Trim();
            return new RunningConnector(app, address, dataDirectory, key);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
