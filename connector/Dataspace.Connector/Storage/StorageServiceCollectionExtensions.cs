using Dataspace.Connector.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Storage;

/// <summary>Registers the storage provider chosen by <c>Connector:Storage:Provider</c> and the host's wrappers around its stores.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Storage";

    /// <summary>
    /// Registers the configured provider's stores (the built-in <c>sqlite</c> or one a plugin offered through
    /// <c>PluginContext.AddStorageProvider</c>), wrapped so stored secrets are encrypted whatever the provider.
    /// </summary>
    /// <exception cref="StorageConfigurationException">The configured provider is unknown, or offered twice.</exception>
    public static IServiceCollection AddConnectorStorage(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var name = section["Provider"];
        name = string.IsNullOrWhiteSpace(name) ? StorageProviders.Sqlite : name.Trim();
        var offered = services.Select(d => d.IsKeyedService ? null : d.ImplementationInstance).OfType<StorageProviderRegistration>().Prepend(SqliteStorageProvider.Registration).ToList();
        var matches = offered.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            throw new StorageConfigurationException(
                $"{Section}:Provider '{name}' is unknown; expected one of: {string.Join(", ", offered.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase))} (a provider other than sqlite comes from its plugin)");
        }

        if (matches.Count > 1)
        {
            throw new StorageConfigurationException($"{Section}:Provider '{name}' is offered by more than one plugin; install only one of them");
        }

        matches[0].Register(services, new StorageProviderContext(matches[0].Name, section["ConnectionString"], section, dataDirectory));
        Decorate<IAssetStore>(services, (inner, sp) => new ProtectedAssetStore(inner, sp.GetRequiredService<StoredSecrets>()));
        Decorate<ITransferStore>(services, (inner, sp) => new ProtectedTransferStore(inner, sp.GetRequiredService<StoredSecrets>()));
        // The audit log needs its store at start-up; say which port is missing rather than fail in the container.
        if (!services.Any(d => d.ServiceType == typeof(Sdk.Audit.IAuditLogStore) && !d.IsKeyedService))
        {
            throw new StorageConfigurationException($"the storage provider registered no {nameof(Sdk.Audit.IAuditLogStore)}");
        }

        return services;
    }

    // Replaces the registration of TService by one wrapping what it made; a provider that did not register it fails here, at start-up.
    private static void Decorate<TService>(IServiceCollection services, Func<TService, IServiceProvider, TService> wrap)
        where TService : class
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(TService) && !d.IsKeyedService)
            ?? throw new StorageConfigurationException($"the storage provider registered no {typeof(TService).Name}");
        services.Remove(descriptor);
        services.Add(ServiceDescriptor.Describe(typeof(TService), sp => wrap((TService)Create(descriptor, sp), sp), descriptor.Lifetime));
    }

    private static object Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
