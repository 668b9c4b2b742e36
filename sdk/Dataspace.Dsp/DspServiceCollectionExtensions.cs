using Dataspace.JsonLd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Dsp;

/// <summary>Registers the DSP serializer (and the JSON-LD processor it uses) in a service collection.</summary>
public static class DspServiceCollectionExtensions
{
    /// <summary>Adds a singleton <see cref="DspSerializer"/> over the registered <see cref="JsonLdProcessor"/> (added with defaults if absent).</summary>
    public static IServiceCollection AddDspSerializer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddJsonLd();
        services.TryAddSingleton(sp => new DspSerializer(sp.GetRequiredService<JsonLdProcessor>()));
        return services;
    }
}
