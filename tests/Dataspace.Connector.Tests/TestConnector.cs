using Dataspace.Connector.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests;

/// <summary>A real connector host on 127.0.0.1 with a free port and its own data folder.</summary>
internal sealed class TestConnector : IAsyncDisposable
{
    private TestConnector(WebApplication app, StringWriter output, string baseAddress)
    {
        App = app;
        Output = output;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = new Uri(baseAddress) };
    }

    public WebApplication App { get; }

    public StringWriter Output { get; }

    public string BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<TestConnector> StartAsync(string dataDirectory, string? pluginsDirectory = null, IDictionary<string, string?>? settings = null, string? configFile = null, Action<WebApplication>? configure = null)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Connector:DataDirectory"] = dataDirectory,
            // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (pluginsDirectory is not null)
        {
            overrides["Connector:PluginsDirectory"] = pluginsDirectory;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var output = new StringWriter();
        var app = await ConnectorHost.BuildAsync(new ConnectorHostSettings { Overrides = overrides, Output = output, ConfigFile = configFile }, CancellationToken.None);
        configure?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestConnector(app, output, address);
    }

    public string ApiKey(string dataDirectory) => File.ReadAllText(Path.Combine(dataDirectory, "management-api-key"));

    public HttpRequestMessage Management(HttpMethod method, string path, string? apiKey)
    {
        var request = new HttpRequestMessage(method, "/api/management/v1" + path);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
