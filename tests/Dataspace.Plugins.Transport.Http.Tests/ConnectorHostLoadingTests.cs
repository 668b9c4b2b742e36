using System.Net;
using System.Text.Json;
using Dataspace.Connector.Host;
using Dataspace.Connector.Plugins;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>The plugin in a plugins folder laid out as the connector bundles it, loaded by the real host.</summary>
public sealed class ConnectorHostLoadingTests
{
    private const string PluginId = "dataspace.transport.http";

    // Start-up runs on the pool with a limit: a dependency cycle in the container blocks a thread rather than throwing.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InspectPlugins_BundledFolder_ListsThePluginAsLoaded()
    {
        using var folder = new TempDirectory("http-plugin-");

        var registry = await ConnectorHost.InspectPluginsAsync(Settings(folder.Path, new StringWriter()), CancellationToken.None);

        var plugin = Assert.Single(registry.Plugins, p => p.Id == PluginId);
        Assert.True(plugin.Status == PluginStatus.Loaded, plugin.Error);
        Assert.Equal(["transport"], plugin.Manifest!.Kinds);
    }

    [Fact]
    public async Task Start_WithBundledPlugins_ServesThePublicEndpointThroughTheConnectorsKestrel()
    {
        using var folder = new TempDirectory("http-plugin-");
        var output = new StringWriter();
        await using var app = await Task.Run(() => ConnectorHost.BuildAsync(Settings(folder.Path, output), CancellationToken.None)).WaitAsync(Limit);
        await Task.Run(() => app.StartAsync()).WaitAsync(Limit);
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            using var response = await http.GetAsync(new Uri("/api/public/transfers/t-1", UriKind.Relative)).WaitAsync(Limit);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains("no bearer token", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains($"{PluginId} 1.0.0", output.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder.Path, "data", "plugins", PluginId, "access-token-key")));
        }
        finally
        {
            await app.StopAsync().WaitAsync(Limit);
        }
    }

    private static ConnectorHostSettings Settings(string folder, TextWriter output) => new()
    {
        Overrides = new Dictionary<string, string?>
        {
            ["Connector:DataDirectory"] = Path.Combine(folder, "data"),
            ["Connector:PluginsDirectory"] = Path.Combine(AppContext.BaseDirectory, "plugins"),
            ["Connector:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        },
        Output = output,
        Error = output,
    };
}
