using Dataspace.Connector.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Registers the federated catalog: crawler, search index and member directory.</summary>
public static class FederatedCatalogServiceCollectionExtensions
{
    /// <summary>
    /// Adds the crawler (running every period when <c>Connector:FederatedCatalog:Enabled</c> or once <see cref="FederatedCatalogTrigger"/> is activated), the SQLite search index
    /// in the data folder and the configured member directory; a registry-backed <see cref="IMemberDirectory"/>
    /// registered before replaces the configured one.
    /// </summary>
    public static IServiceCollection AddFederatedCatalog(this IServiceCollection services)
    {
        services.AddSettings<FederatedCatalogOptions>(FederatedCatalogOptions.Section);
        services.TryAddSingleton<IMemberDirectory, ConfiguredMemberDirectory>();
        services.TryAddSingleton<IFederatedCatalogStore>(sp => new SqliteFederatedCatalogStore(Path.Combine(
            sp.GetRequiredService<IOptions<ConnectorOptions>>().Value.DataDirectoryFullPath,
            sp.GetRequiredService<IOptions<FederatedCatalogOptions>>().Value.DatabaseFile)));
        services.TryAddSingleton<CatalogCrawler>();
        services.TryAddSingleton<FederatedCatalogTrigger>();
        services.AddHostedService<FederatedCatalogWorker>();
        return services;
    }
}
