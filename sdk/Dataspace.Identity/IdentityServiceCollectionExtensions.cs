using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Wallet;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Identity;

/// <summary>Registers DID resolution, credential verification and DCP services.</summary>
public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// Adds did:key and did:web resolution, credential and presentation verification, the STS, the DCP verifier and the
    /// Credential Service handler. The host adds <see cref="ILocalIdentityProvider"/>, <c>ITrustAnchorProvider</c> and
    /// <see cref="ICredentialStore"/>; plugins add further <see cref="IDidResolver"/>s.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Verification settings.</param>
    /// <param name="webOptions">did:web settings.</param>
    /// <param name="httpClient">Makes the HTTP client for did:web, status lists and Credential Service queries.</param>
    public static IServiceCollection AddDataspaceIdentity(
        this IServiceCollection services, IdentityOptions options, DidWebOptions webOptions, Func<IServiceProvider, HttpClient> httpClient)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(webOptions);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDidResolver, DidKeyResolver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDidResolver, DidWebResolver>(sp => new DidWebResolver(httpClient(sp), sp.GetRequiredService<DidWebOptions>(), Logger<DidWebResolver>(sp))));
        services.TryAddSingleton(sp =>
        {
            var identity = sp.GetRequiredService<IdentityOptions>();
            return new DidResolverRegistry(sp.GetServices<IDidResolver>(), sp.GetRequiredService<TimeProvider>(), identity.DidCacheTtl, identity.DidCacheSize, identity.DidFailureCacheTtl);
        });
        services.TryAddSingleton(sp => new DidJwsVerifier(sp.GetRequiredService<DidResolverRegistry>(), sp.GetRequiredService<IdentityOptions>()));
        services.TryAddSingleton<IStatusListFetcher>(sp => new HttpStatusListFetcher(httpClient(sp), Logger<HttpStatusListFetcher>(sp)));
        services.TryAddSingleton<StatusListChecker>();
        services.TryAddSingleton<CredentialVerifier>();
        services.TryAddSingleton(sp => new JtiReplayCache(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IdentityOptions>().JtiCacheSize));
        services.TryAddSingleton<SelfIssuedTokenValidator>();
        services.TryAddSingleton<SecureTokenService>();
        services.TryAddSingleton(sp =>
        {
            var identity = sp.GetRequiredService<IdentityOptions>();
            return new PresentationCache(sp.GetRequiredService<TimeProvider>(), identity.PresentationCacheTtl, identity.PresentationCacheSize);
        });
        services.TryAddSingleton<ICredentialServiceClient>(sp => new HttpCredentialServiceClient(httpClient(sp), Logger<HttpCredentialServiceClient>(sp)));
        services.TryAddSingleton(new CredentialServiceLocator(new Dictionary<string, Uri>()));
        services.TryAddSingleton<DcpVerifier>();
        services.TryAddSingleton<CredentialServiceHandler>();
        services.TryAddSingleton<CredentialWallet>();
        return services;
    }

    // Hosts without logging (tests, tools) still get a working client.
    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
