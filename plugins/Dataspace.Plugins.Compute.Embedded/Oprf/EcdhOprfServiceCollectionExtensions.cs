using Dataspace.Sdk.Compute;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>Registers <c>psi/ecdh_oprf:1</c>.</summary>
internal static class EcdhOprfServiceCollectionExtensions
{
    /// <summary>Adds the component, its key and its prepared-set cache, with settings from <paramref name="section"/> (<c>Oprf</c>).</summary>
    public static IServiceCollection AddEcdhOprf(this IServiceCollection services, IConfiguration section, string sectionPath)
    {
        var options = EcdhOprfOptions.Read(section, sectionPath);
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new PreparedSetCache(sp.GetRequiredService<EcdhOprfOptions>(), sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<ILogger<PreparedSetCache>>()));
        services.TryAddSingleton(sp => new OprfServerKey(sp.GetRequiredService<EcdhOprfOptions>().CacheDirectory));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IComputeComponent, EcdhOprfComponent>());
        return services;
    }
}
