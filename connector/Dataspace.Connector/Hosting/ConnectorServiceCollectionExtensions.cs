using Dataspace.Connector.Health;
using Dataspace.Connector.Management;
using Dataspace.Connector.Plugins;
using Dataspace.Connector.Storage;
using Dataspace.Connector.Transfer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Hosting;

/// <summary>Registers the connector engine.</summary>
public static class ConnectorServiceCollectionExtensions
{
    /// <summary>Adds the engine's services; <paramref name="plugins"/> and <paramref name="apiKey"/> are prepared before the container.</summary>
    public static IConnectorBuilder AddConnector(this IServiceCollection services, IConfiguration configuration, PluginRegistry plugins, ManagementApiKey apiKey)
    {
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(plugins);
        services.TryAddSingleton(apiKey);
        services.TryAddSingleton<ConnectorInstance>();
        services.TryAddSingleton(sp => new ConnectorDatabase(sp.GetRequiredService<IOptions<ConnectorOptions>>().Value.DataDirectoryFullPath));
        services.TryAddSingleton<SchemaMigrator>();
        services.TryAddSingleton<ConnectorStateStore>();
        services.TryAddSingleton<DataAddressRegistry>();
        services.TryAddSingleton<PluginHealthReader>();
        services.TryAddSingleton<ApiKeyEndpointFilter>();
        services.AddHostedService<ConnectorInitializer>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<PluginsHealthCheck>("plugins", tags: [HealthEndpoints.ReadyTag]);
        return new ConnectorBuilder(services, configuration);
    }

    private sealed record ConnectorBuilder(IServiceCollection Services, IConfiguration Configuration) : IConnectorBuilder;
}
