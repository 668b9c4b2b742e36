using Dataspace.Connector.Egress;
using Dataspace.Connector.Hosting;
using Dataspace.Connector.Identity.Join;
using Dataspace.Identity;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Keys;
using Dataspace.Identity.Registry;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Trust;
using Dataspace.Identity.Wallet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity;

/// <summary>Registers the connector's identity from configuration: key store, DID, wallet, trust anchors and DCP services.</summary>
public static class ConnectorIdentityServiceCollectionExtensions
{
    /// <summary>The named HTTP client used for did:web, status lists and Credential Service queries.</summary>
    public const string HttpClientName = "Dataspace.Identity";

    /// <summary>
    /// Adds identity services bound to <c>Connector:Identity</c>; the data folder is <c>Connector:DataDirectory</c>.
    /// The identity is read from the key store by a hosted service before requests are served.
    /// </summary>
    public static IServiceCollection AddConnectorIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSettings<ConnectorIdentityOptions>(ConnectorIdentityOptions.Section);
        services.AddHttpClient(HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(15);
            // DID documents, status lists and presentation responses are small; a peer cannot make us buffer more.
            client.MaxResponseContentBufferSize = 4 * 1024 * 1024;
        }).RemoveAllLoggers().UseEgressPolicy(); // failures surface as verification errors; per-request logging costs on every DCP call
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ConnectorIdentityOptions>>().Value;
            var data = Path.GetFullPath(configuration["Connector:DataDirectory"] ?? "data");
            return new IdentityPaths(
                Path.Combine(data, options.KeysDirectory),
                Path.Combine(data, options.CredentialsDirectory),
                string.IsNullOrEmpty(options.TrustAnchorsFile) ? null : Path.Combine(data, options.TrustAnchorsFile),
                data);
        });
        services.TryAddSingleton(sp => new KeyStore(
            sp.GetRequiredService<IdentityPaths>().KeysDirectory,
            sp.GetRequiredService<IOptions<ConnectorIdentityOptions>>().Value.ResolveSecret()!,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ConnectorIdentityProvider>();
        services.TryAddSingleton<ILocalIdentityProvider>(sp => sp.GetRequiredService<ConnectorIdentityProvider>());
        services.TryAddSingleton(new StaticTrustAnchorProvider(TrustAnchorSet.Empty));
        services.TryAddSingleton<ITrustAnchorProvider>(sp => sp.GetRequiredService<StaticTrustAnchorProvider>());
        services.TryAddSingleton<ICredentialStore>(sp => new FileCredentialStore(sp.GetRequiredService<IdentityPaths>().CredentialsDirectory));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ConnectorIdentityOptions>>().Value;
            return new CredentialServiceLocator(options.CredentialServices.ToDictionary(e => e.Did, e => e.Url!, StringComparer.Ordinal));
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ConnectorIdentityOptions>>().Value;
            return new IdentityOptions
            {
                ClockLeeway = TimeSpan.FromSeconds(options.ClockLeewaySeconds),
                PresentationCacheTtl = TimeSpan.FromSeconds(options.PresentationCacheSeconds),
                DidCacheTtl = TimeSpan.FromSeconds(options.DidCacheSeconds),
                DidCacheSize = options.DidCacheSize,
                DidFailureCacheTtl = TimeSpan.FromSeconds(options.DidFailureCacheSeconds),
                StatusListCacheTtl = TimeSpan.FromSeconds(options.StatusListCacheSeconds),
                JtiCacheSize = options.JtiCacheSize,
                PresentationCacheSize = options.PresentationCacheSize,
                StatusListCacheSize = options.StatusListCacheSize,
                ScopeAlias = options.ScopeAlias,
                AcceptUndeclaredRelationships = options.AcceptUndeclaredRelationships,
            };
        });
        services.TryAddSingleton(sp => new DidWebOptions { AllowHttpForLoopback = sp.GetRequiredService<IOptions<ConnectorIdentityOptions>>().Value.AllowHttpForLoopback });
        services.AddDataspaceIdentity(new IdentityOptions(), new DidWebOptions(), sp => sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName));
        services.TryAddScoped<VerifiedCallerAccessor>();
        services.TryAddScoped<IVerifiedCallerAccessor>(sp => sp.GetRequiredService<VerifiedCallerAccessor>());
        services.TryAddTransient<DcpAuthorizationHandler>();
        services.AddHostedService<IdentityInitializer>();
        // Joining a data space (issue 14): the application's state, the authorities joined, and the issuance holder side.
        services.TryAddSingleton(sp => new JoinStore(sp.GetRequiredService<IdentityPaths>().JoinStateFile));
        services.TryAddSingleton(sp => new JoinedTrustAnchors(sp.GetRequiredService<IdentityPaths>().JoinedTrustAnchorsFile, sp.GetRequiredService<StaticTrustAnchorProvider>()));
        services.TryAddSingleton<AuthorityClient>();
        services.TryAddSingleton<JoinService>();
        services.TryAddSingleton<CredentialMessageReceiver>();
        services.TryAddSingleton<Dataspace.Connector.FederatedCatalog.FederatedCatalogTrigger>();
        services.AddHostedService<JoinMonitor>();
        services.TryAddSingleton(sp => new ParticipantRegistryClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<DidJwsVerifier>(),
            sp.GetRequiredService<DidResolverRegistry>(),
            sp.GetRequiredService<ITrustAnchorProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IdentityOptions>(),
            logger: sp.GetService<Microsoft.Extensions.Logging.ILogger<ParticipantRegistryClient>>()));
        services.TryAddSingleton<Dataspace.Connector.Catalog.ICounterPartyResolver, RegistryCounterPartyResolver>();
        // Data-product registration: the provider side, and the federated catalog's check of the records it crawls.
        services.TryAddSingleton<Products.ProductRegistrationService>();
        services.TryAddSingleton<Dataspace.Connector.FederatedCatalog.IRegistrationRecordVerifier, FederatedCatalog.RegistrationRecordVerifier>();
        // Metering: usage summaries are signed with the connector's DID key, so receipts can be exchanged.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dataspace.Connector.Metering.IUsageSummarySigner, Metering.DidUsageSummarySigner>());
        return services;
    }

    /// <summary>
    /// Makes the connector an issuing authority too: a <see cref="CredentialAuthority"/> signing with the connector's key,
    /// keeping its records under <c>{data}/authority</c> and announcing its status lists at <c>Connector:Identity:PublicUrl</c>
    /// (served by <see cref="IdentityEndpointRouteBuilderExtensions.MapStatusLists"/>).
    /// </summary>
    public static IServiceCollection AddConnectorAuthority(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ConnectorIdentityOptions>>().Value;
            var publicUrl = options.PublicUrl ?? throw new InvalidOperationException($"{ConnectorIdentityOptions.Section}:PublicUrl is needed to announce the status lists of issued credentials");
            var data = Path.GetFullPath(configuration["Connector:DataDirectory"] ?? "data");
            // A connector's desk records issuance and revocation in its audit log; a stand-alone authority host has none.
            return new CredentialAuthority(Path.Combine(data, "authority"), sp.GetRequiredService<ILocalIdentityProvider>().Current.Signer, publicUrl, sp.GetRequiredService<TimeProvider>(), sp.GetService<Dataspace.Sdk.Audit.IAuditLog>());
        });
        return services;
    }

    /// <summary>Makes a named or typed client sign its DSP requests: set <see cref="DcpAuthorizationHandler.Audience"/> on each request.</summary>
    public static IHttpClientBuilder AddDcpAuthorization(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler<DcpAuthorizationHandler>();
}
