using Dataspace.Connector.FederatedCatalog;
using Dataspace.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Registry;
using Dataspace.Identity.Trust;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity.FederatedCatalog;

/// <summary>Lets the crawler take its members from a participant registry.</summary>
public static class RegistryMemberDirectoryServiceCollectionExtensions
{
    /// <summary>
    /// Makes the crawler's <see cref="IMemberDirectory"/> the participant registry at <c>Connector:FederatedCatalog:Registry</c>
    /// when that is set, else the registry of the authority this connector joined (<c>dataspace join</c>), else the configured list. Needs the identity services (<see cref="ConnectorIdentityServiceCollectionExtensions.AddConnectorIdentity"/>).
    /// </summary>
    public static IServiceCollection AddRegistryMemberDirectory(this IServiceCollection services)
    {
        // The registry client itself comes with the identity services (AddConnectorIdentity).
        services.Replace(ServiceDescriptor.Singleton<IMemberDirectory>(sp =>
            string.IsNullOrEmpty(sp.GetRequiredService<IOptions<FederatedCatalogOptions>>().Value.Registry)
                ? ActivatorUtilities.CreateInstance<JoinedMemberDirectory>(sp, ActivatorUtilities.CreateInstance<ConfiguredMemberDirectory>(sp))
                : ActivatorUtilities.CreateInstance<RegistryMemberDirectory>(sp)));
        return services;
    }
}
