namespace Dataspace.Sdk.Plugins;

/// <summary>The entry point of a plugin: registers the plugin's services with the connector.</summary>
/// <remarks>
/// Called once per process, before the connector starts; the implementation needs a public parameterless
/// constructor. Name it with <see cref="ConnectorPluginAttribute"/> so the host finds it without scanning types.
/// </remarks>
public interface IConnectorPlugin
{
    /// <summary>Adds the plugin's services (data sources, sinks, health checks, ...) to the connector.</summary>
    void ConfigureServices(PluginContext context);
}
