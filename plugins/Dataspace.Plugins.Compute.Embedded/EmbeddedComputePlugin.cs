using Dataspace.Plugins.Compute.Embedded;
using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;
using Dataspace.Plugins.Compute.Embedded.Learning;
using Dataspace.Plugins.Compute.Embedded.Learning.Vertical;
using Dataspace.Plugins.Compute.Embedded.Oprf;
using Dataspace.Plugins.Compute.Embedded.Psi;
using Dataspace.Plugins.Compute.Embedded.Scoring;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: ConnectorPlugin(typeof(EmbeddedComputePlugin))]

namespace Dataspace.Plugins.Compute.Embedded;

/// <summary>Registers the embedded engine's components as <see cref="Dataspace.Sdk.Compute.IComputeComponent"/>s.</summary>
public sealed class EmbeddedComputePlugin : IConnectorPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Services.AddEcdhOprf(context.Configuration.GetSection("Oprf"), context.Manifest.ConfigurationSection + ":Oprf");
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, SecureSumComponent>());
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, DpQueryComponent>());
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, FedAvgComponent>());
        context.Services.TryAddSingleton(EcdhPsiOptions.FromConfiguration(context.Configuration.GetSection("Psi")));
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, EcdhPsiComponent>());
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, OnnxScoreComponent>());
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, VflLogisticRegressionComponent>());
    }
}
