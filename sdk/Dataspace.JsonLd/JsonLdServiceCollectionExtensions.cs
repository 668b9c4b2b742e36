using Dataspace.JsonLd.Loading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.JsonLd;

/// <summary>Registers the JSON-LD processor, its document loader and the context registry in a service collection.</summary>
public static class JsonLdServiceCollectionExtensions
{
    /// <summary>Adds a singleton <see cref="JsonLdProcessor"/> over the embedded contexts plus every <see cref="JsonLdContextDocument"/> registered; no network access unless <paramref name="remote"/> allows URL prefixes and an <see cref="HttpClient"/> is registered.</summary>
    public static IServiceCollection AddJsonLd(this IServiceCollection services, RemoteContextOptions? remote = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp =>
        {
            var registry = JsonLdContextRegistry.CreateDefault();
            foreach (var document in sp.GetServices<JsonLdContextDocument>())
            {
                registry.Add(document.Url, document.Json);
            }

            return registry;
        });
        services.TryAddSingleton<IJsonLdDocumentLoader>(sp =>
            new JsonLdDocumentLoader(sp.GetRequiredService<JsonLdContextRegistry>(), remote, remote is null ? null : sp.GetService<HttpClient>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new JsonLdProcessor(new JsonLdOptions { DocumentLoader = sp.GetRequiredService<IJsonLdDocumentLoader>() }));
        return services;
    }

    /// <summary>Contributes a context (e.g. a subspace vocabulary) served at <paramref name="url"/> without network access.</summary>
    public static IServiceCollection AddJsonLdContext(this IServiceCollection services, Uri url, string json)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new JsonLdContextDocument(url, json));
        return services;
    }
}
