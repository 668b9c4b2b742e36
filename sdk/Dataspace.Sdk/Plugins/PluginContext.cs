using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Sdk.Plugins;

/// <summary>What the host hands a plugin while it registers its services.</summary>
public sealed class PluginContext
{
    /// <summary>Creates a registration context.</summary>
    public PluginContext(IServiceCollection services, IConfiguration configuration, PluginManifest manifest, string dataDirectory)
    {
        Services = services;
        Configuration = configuration;
        Manifest = manifest;
        DataDirectory = dataDirectory;
    }

    /// <summary>The connector's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The plugin's own configuration section (named by its manifest), never the whole configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The plugin's manifest as the host read it.</summary>
    public PluginManifest Manifest { get; }

    /// <summary>A folder the plugin may keep state in; it survives restarts of the connector.</summary>
    public string DataDirectory { get; }

    /// <summary>Registers a health check reported for this plugin by the management API.</summary>
    public void AddHealthCheck<THealthCheck>()
        where THealthCheck : class, IPluginHealthCheck
    {
        var pluginId = Manifest.Id;
        Services.AddSingleton<THealthCheck>();
        Services.AddSingleton(sp => new PluginHealthRegistration(pluginId, sp.GetRequiredService<THealthCheck>()));
    }

    /// <summary>Adds a JSON-LD context that DSP messages may name, served without network access.</summary>
    /// <remarks>A context given again (by another plugin or by <c>Connector:JsonLd:Contexts</c>) replaces this one; the embedded DSP contexts can be replaced too.</remarks>
    public void AddJsonLdContext(Uri url, string json)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The context URL '{url}' must be absolute.", nameof(url));
        }

        Services.AddSingleton(new JsonLdContextContribution(url, json));
    }

    /// <summary>Offers a storage provider the host uses when <c>Connector:Storage:Provider</c> names it.</summary>
    /// <remarks><paramref name="register"/> runs only for the chosen provider, after every plugin is registered.</remarks>
    public void AddStorageProvider(string name, Action<IServiceCollection, StorageProviderContext> register) =>
        Services.AddSingleton(new StorageProviderRegistration(name, register));
}
