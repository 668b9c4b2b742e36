using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Sdk.Egress;

/// <summary>Registers the egress policy.</summary>
public static class EgressServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEgressPolicy"/> as <see cref="EgressPolicy"/> over the settings <paramref name="options"/> returns,
    /// unless a policy is already registered. Plugins do not call it: they use the connector's.
    /// </summary>
    public static IServiceCollection AddEgressPolicy(this IServiceCollection services, Func<IServiceProvider, EgressOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton<IEgressPolicy>(sp => new EgressPolicy(options(sp)));
        return services;
    }
}
