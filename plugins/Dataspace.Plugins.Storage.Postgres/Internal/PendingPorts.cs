using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Plugins;

[assembly: ConnectorPlugin(typeof(PendingPortsPlugin))]

namespace Dataspace.Plugins.Storage.Postgres.Internal;

/// <summary>TEMPORARY: the plugin's entry point until the storage ports are merged; it offers nothing yet.</summary>
public sealed class PendingPortsPlugin : IConnectorPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(PluginContext context) => ArgumentNullException.ThrowIfNull(context);
}
