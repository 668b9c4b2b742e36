using Dataspace.Connector.Hosting;
using Dataspace.Sdk.Egress;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Egress;

/// <summary>Registers the egress policy (<c>Connector:Egress</c>) and puts it under the connector's HTTP clients.</summary>
public static class ConnectorEgressExtensions
{
    /// <summary>Adds the egress settings (validated on start), the policy and its start-up log line; safe to call more than once.</summary>
    public static IServiceCollection AddConnectorEgress(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(EgressStartupLog)))
        {
            return services;
        }

        services.AddSettings<EgressOptions>(EgressOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EgressOptions>, EgressOptionsValidator>());
        services.AddEgressPolicy(sp => sp.GetRequiredService<IOptions<EgressOptions>>().Value);
        services.AddSingleton<EgressStartupLog>();
        services.AddHostedService(sp => sp.GetRequiredService<EgressStartupLog>());
        return services;
    }

    /// <summary>Makes the client connect only where the egress policy allows (no proxy, no redirects).</summary>
    public static IHttpClientBuilder UseEgressPolicy(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddConnectorEgress();
        return builder.ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<IEgressPolicy>().CreateHandler());
    }

    /// <summary>One line for the start-up banner saying what the egress policy allows.</summary>
    public static string Describe(EgressOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var extra = options.AllowedHosts.Count + options.AllowedNetworks.Count == 0
            ? ""
            : $"; also allowed: {string.Join(", ", options.AllowedHosts.Concat(options.AllowedNetworks))}";
        return options.AllowPrivateNetworks
            ? $"DEVELOPMENT MODE: loopback and private networks allowed ({EgressOptions.Section}:AllowPrivateNetworks){extra}"
            : $"public addresses only{extra}";
    }
}
