using Company.Plugin;
using Dataspace.Sdk.Plugins;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.DependencyInjection;

[assembly: ConnectorPlugin(typeof(Plugin))]

namespace Company.Plugin;

/// <summary>The plugin's entry point: the connector calls it once at start-up.</summary>
public sealed class Plugin : IConnectorPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(PluginContext context)
    {
        // context.Configuration is this plugin's own section (plugin.json: configurationSection).
        var text = context.Configuration["Text"] ?? "Hello from Company.Plugin";
        context.Services.AddSingleton<IDataSource>(new TextDataSource(text));
        context.AddHealthCheck<TextHealthCheck>();
    }
}
