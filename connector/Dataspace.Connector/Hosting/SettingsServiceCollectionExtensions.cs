using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Hosting;

/// <summary>Registers settings bound from configuration and checked when the host starts.</summary>
public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TSettings"/> to <paramref name="section"/>, checks its data annotations (and
    /// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> rules) on start, and fails start-up with
    /// the key, its value and the allowed values for each bad setting.
    /// </summary>
    public static OptionsBuilder<TSettings> AddSettings<TSettings>(this IServiceCollection services, string section)
        where TSettings : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TSettings>>(new SettingsValidator<TSettings>(section)));
        return services.AddOptions<TSettings>().BindConfiguration(section).ValidateOnStart();
    }
}
