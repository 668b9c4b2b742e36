using Dataspace.Connector.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Audit;

/// <summary>Registers witnessing: the queue every connector has, and the witness and sender a connector with a DID key adds.</summary>
public static class WitnessServiceCollectionExtensions
{
    /// <summary>The queue of agreements to have witnessed (<c>Connector:Audit:Witness</c>); it keeps nothing until <see cref="AddAuditWitness"/> switches witnessing on.</summary>
    public static IServiceCollection AddWitnessRequests(this IServiceCollection services)
    {
        services.AddSettings<WitnessOptions>(WitnessOptions.Section);
        services.TryAddSingleton<WitnessFiles>();
        services.TryAddSingleton(sp => new WitnessRequests(sp.GetRequiredService<WitnessFiles>(), sp.GetRequiredService<IOptions<WitnessOptions>>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Witnessing for a connector with a DCP identity: it co-signs its counter-parties' checkpoints (the DSP-side
    /// <c>audit/witness</c> endpoint) and asks them to co-sign its own, unless <c>Connector:Audit:Witness:Enabled</c> is false. Called after <c>AddConnector</c> (which adds the queue).
    /// </summary>
    public static IServiceCollection AddAuditWitness(this IServiceCollection services)
    {
        services.PostConfigure<WitnessOptions>(o => o.Enabled ??= true);
        services.TryAddSingleton<CheckpointWitness>();
        services.TryAddSingleton<IWitnessLog, AuditWitnessLog>();
        services.AddHostedService<WitnessSender>();
        return services;
    }
}
