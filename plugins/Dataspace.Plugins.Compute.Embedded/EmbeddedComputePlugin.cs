using Dataspace.Plugins.Compute.Embedded;
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
        // Each component adds itself here, one line each:
        // context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, XxxComponent>());
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, Scoring.OnnxScoreComponent>());
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, Learning.Vertical.VflLogisticRegressionComponent>());
    }
}
