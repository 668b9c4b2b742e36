using Dataspace.Plugins.Storage.Postgres;
using Dataspace.Sdk.Plugins;
using Dataspace.Sdk.Storage;

[assembly: ConnectorPlugin(typeof(PostgresStoragePlugin))]

namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>Offers the <c>postgres</c> storage provider, chosen by <c>Connector:Storage:Provider=postgres</c>.</summary>
public sealed class PostgresStoragePlugin : IConnectorPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddStorageProvider(StorageProviders.Postgres, PostgresStorage.Register);
    }
}
