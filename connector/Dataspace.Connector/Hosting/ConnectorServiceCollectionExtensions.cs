using Dataspace.Connector.Audit;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Compute;
using Dataspace.Connector.Egress;
using Dataspace.Connector.FederatedCatalog;
using Dataspace.Connector.Health;
using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Offers;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Protocol.JsonLd;
using Dataspace.Dsp;
using Dataspace.Policies;
using Dataspace.Sdk.Transfer;
using Dataspace.Connector.Management;
using Dataspace.Connector.Metering;
using Dataspace.Connector.Plugins;
using Dataspace.Connector.Storage;
using Dataspace.Connector.Transfer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Hosting;

/// <summary>Registers the connector engine.</summary>
public static class ConnectorServiceCollectionExtensions
{
    /// <summary>Adds the engine's services; <paramref name="plugins"/> and <paramref name="apiKey"/> are prepared before the container.</summary>
    public static IConnectorBuilder AddConnector(this IServiceCollection services, IConfiguration configuration, PluginRegistry plugins, ManagementApiKey apiKey)
    {
        services.AddSettings<ConnectorOptions>(ConnectorOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(plugins);
        services.TryAddSingleton(apiKey);
        services.TryAddSingleton<ConnectorInstance>();
        services.TryAddSingleton(sp => StoredSecrets.Create(configuration, sp.GetRequiredService<IOptions<ConnectorOptions>>().Value.DataDirectoryFullPath));
        services.AddConnectorStorage(configuration, Path.GetFullPath(configuration[$"{ConnectorOptions.Section}:{nameof(ConnectorOptions.DataDirectory)}"] ?? "data"));
        services.TryAddSingleton<DataAddressRegistry>();
        services.TryAddSingleton<PluginHealthReader>();
        services.TryAddSingleton<ApiKeyEndpointFilter>();
        services.TryAddSingleton<ManagementAuditFilter>();
        services.AddHostedService<ConnectorInitializer>();
        // After the initializer: the log opens on the migrated database.
        services.AddAuditLog(configuration);
        AddProtocol(services);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<PluginsHealthCheck>("plugins", tags: [HealthEndpoints.ReadyTag]);
        return new ConnectorBuilder(services, configuration);
    }

    private static void AddProtocol(IServiceCollection services)
    {
        services.AddSettings<DspOptions>(DspOptions.Section);
        services.AddConnectorEgress();
        // DspClient logs refusals and unreachable peers itself (with a correlation id); the factory's per-request logging
        // handlers would run on every protocol message (docs/performance.md).
        services.AddHttpClient(DspClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers().UseEgressPolicy();
        services.AddConnectorJsonLd();
        services.TryAddSingleton<DspSerializer>();
        services.TryAddSingleton<DspResults>();
        services.TryAddSingleton<DspEndpointsInfo>();
        services.TryAddSingleton<StaticTokenAuthentication>();
        services.TryAddSingleton<IDspCallerAuthenticator>(sp => sp.GetRequiredService<StaticTokenAuthentication>());
        services.TryAddSingleton<IDspTokenProvider>(sp => sp.GetRequiredService<StaticTokenAuthentication>());
        services.TryAddSingleton<DspClient>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IOutboxHold>(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddSettings<QuotaOptions>(QuotaOptions.Section);
        services.TryAddSingleton<PeerQuotas>();
        services.TryAddSingleton(sp => new PolicyEngine(loggerFactory: sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.TryAddSingleton<PolicyService>();
        services.AddSettings<PolicyEnforcementOptions>(PolicyEnforcementOptions.Section);
        services.TryAddSingleton<Sdk.Identity.ICredentialRechecker, ExpiryCredentialRechecker>();
        services.TryAddSingleton<ConsumerCredentials>();
        services.TryAddSingleton<Transfer.TransferChannelRegistry>();
        services.AddCatalog();
        services.TryAddSingleton<RemoteCatalogClient>();
        services.AddFederatedCatalog();
        services.AddHttpClient(Transfer.TransferManagementEndpoints.PullClient, c => c.Timeout = Timeout.InfiniteTimeSpan).UseEgressPolicy();
        services.TryAddSingleton<INegotiationReactions, PolicyNegotiationReactions>();
        services.AddWitnessRequests();
        services.TryAddSingleton<NegotiationManager>();
        services.TryAddSingleton<Transfer.ITransferReactions, Transfer.ProceedTransferReactions>();
        services.AddMetering();
        services.AddComputeEngine();
        services.TryAddSingleton<Transfer.TransferManager>();
        services.AddSingleton<IOutboxOutcomeHandler>(sp => sp.GetRequiredService<NegotiationManager>());
        services.AddSingleton<IOutboxOutcomeHandler>(sp => sp.GetRequiredService<Transfer.TransferManager>());
        services.AddSingleton<IProcessStepHandler>(sp => sp.GetRequiredService<NegotiationManager>());
        services.AddSingleton<IProcessStepHandler>(sp => sp.GetRequiredService<Transfer.TransferManager>());
        services.AddSingleton<IProtocolRecovery>(sp => sp.GetRequiredService<Transfer.TransferManager>());
        services.TryAddSingleton<IDataAccessGuard>(sp => sp.GetRequiredService<Transfer.TransferManager>());
        services.TryAddSingleton<ITransferEvents>(sp => sp.GetRequiredService<Transfer.TransferManager>());
        services.AddHostedService<ProtocolWorker>();
    }

    private sealed record ConnectorBuilder(IServiceCollection Services, IConfiguration Configuration) : IConnectorBuilder;
}
