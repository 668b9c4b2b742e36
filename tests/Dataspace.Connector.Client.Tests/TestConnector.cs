using Dataspace.Connector.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Client.Tests;

/// <summary>A real connector on 127.0.0.1 with a free port and its own data folder, and a management client for it.</summary>
internal sealed class TestConnector : IAsyncDisposable
{
    private TestConnector(WebApplication app, string baseAddress, string dataDirectory)
    {
        App = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri(baseAddress) };
        ApiKey = File.ReadAllText(System.IO.Path.Combine(dataDirectory, "management-api-key")).Trim();
        Client = new ManagementClient(Http, ApiKey);
    }

    public WebApplication App { get; }

    public string BaseAddress { get; }

    public string DataDirectory { get; }

    public string Dsp => BaseAddress + "/api/dsp";

    public HttpClient Http { get; }

    public string ApiKey { get; }

    public ManagementClient Client { get; }

    public static async Task<TestConnector> StartAsync(string dataDirectory, IDictionary<string, string?> settings)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Connector:DataDirectory"] = dataDirectory,
            // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        var app = await ConnectorHost.BuildAsync(new ConnectorHostSettings { Overrides = overrides, Output = TextWriter.Null }, CancellationToken.None);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestConnector(app, address, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
