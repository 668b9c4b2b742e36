using Dataspace.JsonLd;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Templates;
using Dataspace.Sdk.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Dataspace.Policies;

/// <summary>Registers the policy engine, the policy reader and the template library.</summary>
public static class PolicyServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="PolicyEngine"/> built from <paramref name="options"/> plus every <see cref="IPolicyFunction"/>
    /// registered in the container (plugins add theirs with <c>TryAddEnumerable</c>), a <see cref="PolicyDocumentReader"/>
    /// and the built-in <see cref="PolicyTemplateLibrary"/>. Each is added only if not registered already.
    /// </summary>
    public static IServiceCollection AddPolicyEngine(this IServiceCollection services, PolicyEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
        {
            var configured = options ?? new PolicyEngineOptions();
            var functions = provider.GetServices<IPolicyFunction>();
            return new PolicyEngine(configured with { Functions = [.. configured.Functions, .. functions] }, provider.GetService<ILoggerFactory>());
        });
        services.TryAddSingleton(provider => new PolicyDocumentReader(provider.GetService<JsonLdProcessor>()));
        services.TryAddSingleton(PolicyTemplateLibrary.BuiltIn);
        return services;
    }
}
