using Dataspace.Connector.Protocol.Dsp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Connector.Identity.Dsp;

/// <summary>Makes the DSP engine authenticate with DCP instead of static tokens.</summary>
public static class DcpDspServiceCollectionExtensions
{
    /// <summary>
    /// Replaces <see cref="IDspCallerAuthenticator"/>, <see cref="IDspTokenProvider"/> and the credential rechecker with the DCP ones; call after
    /// <c>AddConnector</c> and <see cref="ConnectorIdentityServiceCollectionExtensions.AddConnectorIdentity"/>.
    /// </summary>
    public static IServiceCollection AddDcpDspAuthentication(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IDspCallerAuthenticator, DcpDspAuthenticator>());
        services.Replace(ServiceDescriptor.Singleton<IDspTokenProvider, DcpDspTokenProvider>());
        // Credentials of agreements are verified again, status lists included, while data is accessed.
        services.Replace(ServiceDescriptor.Singleton<Sdk.Identity.ICredentialRechecker, DcpCredentialRechecker>());
        services.TryAddTransient<DcpDspRequestGuard>();
        services.AddHttpClient(DspClient.HttpClientName).AddHttpMessageHandler<DcpDspRequestGuard>();
        return services;
    }
}
