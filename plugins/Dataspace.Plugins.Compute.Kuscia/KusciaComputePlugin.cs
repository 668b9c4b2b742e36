using Dataspace.Plugins.Compute.Kuscia;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Egress;
using Dataspace.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

[assembly: ConnectorPlugin(typeof(KusciaComputePlugin))]

namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>
/// Registers <see cref="KusciaComputeEngine"/> as the connector's <see cref="IComputeEngine"/> when
/// <c>Plugins:ComputeKuscia:Endpoint</c> is set (docs/compute/kuscia.md); without it the plugin adds nothing.
/// </summary>
public sealed class KusciaComputePlugin : IConnectorPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!KusciaOptions.IsConfigured(context.Configuration))
        {
            return;
        }

        // Read and checked now, so a bad setting stops the connector's start with the key's name.
        var options = KusciaOptions.Read(context.Configuration, context.Manifest.ConfigurationSection);
        var services = context.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new KusciaClient(options, sp.GetRequiredService<IEgressPolicy>()));
        services.AddSingleton(sp => new KusciaComputeEngine(
            sp.GetRequiredService<KusciaClient>(),
            options,
            sp.GetRequiredService<IComputeJobStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<KusciaComputeEngine>>()));
        // Replaces the embedded engine whichever registers first: a connector configured for Kuscia runs its jobs there.
        services.Replace(ServiceDescriptor.Singleton<IComputeEngine>(sp => sp.GetRequiredService<KusciaComputeEngine>()));
    }
}
