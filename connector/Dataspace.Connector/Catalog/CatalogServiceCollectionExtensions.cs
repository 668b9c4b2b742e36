using Dataspace.Connector.Hosting;
using Dataspace.Connector.Offers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Connector.Catalog;

/// <summary>Registers the catalog.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>Adds the catalog service, its options (<see cref="CatalogOptions.Section"/>) and the offer index's analysis.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSettings<CatalogOptions>(CatalogOptions.Section);
        services.TryAddSingleton<OfferAccessAnalysis>();
        services.TryAddSingleton<Sdk.Storage.IOfferAccessIndex>(sp => sp.GetRequiredService<OfferAccessAnalysis>());
        services.TryAddSingleton<CatalogService>();
        return services;
    }
}
