using Dataspace.Connector.Hosting;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Sdk.Compute;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Compute;

/// <summary>Registers the embedded compute engine (docs/compute/engine.md).</summary>
public static class ComputeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the embedded compute engine bound to <c>Connector:Compute</c>, reaching peers over DSP-authenticated HTTP.
    /// The task channel (<see cref="IComputeChannelFactory"/>) comes from its own registration: until one is registered
    /// the compute endpoints answer that this connector runs no engine. Components are every registered <see cref="IComputeComponent"/>.
    /// </summary>
    public static IServiceCollection AddComputeEngine(this IServiceCollection services)
    {
        services.AddSettings<ComputeOptions>(ComputeOptions.Section);
        services.TryAddSingleton(sp =>
        {
            var dsp = sp.GetRequiredService<DspEndpointsInfo>();
            var options = sp.GetRequiredService<IOptions<ConnectorOptions>>().Value;
            return new ComputeSelf(dsp.ParticipantId, new Uri(dsp.DspUrl), options.DataDirectoryFullPath);
        });
        services.TryAddSingleton<ComputeAgreementCheck>();
        services.TryAddSingleton<IComputePeers, DspComputePeers>();
        services.TryAddSingleton(sp => new EmbeddedComputeEngine(
            sp.GetRequiredService<ComputeSelf>(),
            sp.GetRequiredService<IComputeJobStore>(),
            sp.GetRequiredService<Sdk.Storage.IAgreementStore>(),
            sp.GetRequiredService<Sdk.Storage.IAssetStore>(),
            sp.GetRequiredService<Transfer.DataAddressRegistry>(),
            sp.GetServices<IComputeComponent>(),
            sp.GetRequiredService<IComputeChannelFactory>(),
            sp.GetRequiredService<IComputePeers>(),
            sp.GetRequiredService<ComputeAgreementCheck>(),
            sp.GetRequiredService<Sdk.Audit.IAuditLog>(),
            sp.GetRequiredService<Sdk.Metering.IUsageRecordStore>(),
            sp.GetRequiredService<IOptions<ComputeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EmbeddedComputeEngine>>()));
        services.TryAddSingleton<IComputeEngine>(sp => sp.GetRequiredService<EmbeddedComputeEngine>());
        return services;
    }
}
