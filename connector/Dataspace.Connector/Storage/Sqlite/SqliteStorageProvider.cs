using Dataspace.Connector.Hosting;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>The built-in storage provider: the embedded SQLite database <c>connector.db</c> in the data folder.</summary>
public static class SqliteStorageProvider
{
    /// <summary>The registration the host offers under <see cref="StorageProviders.Sqlite"/>.</summary>
    public static StorageProviderRegistration Registration { get; } = new(StorageProviders.Sqlite, Register);

    private static void Register(IServiceCollection services, StorageProviderContext context)
    {
        // The connection string, when given, is the folder the database file lives in; else the data folder (read when
        // first needed, so options configured after registration count).
        var folder = string.IsNullOrWhiteSpace(context.ConnectionString) ? null : Path.GetFullPath(context.ConnectionString);
        services.TryAddSingleton(sp =>
        {
            // Contract tests compose the provider alone, without the connector's options.
            var options = sp.GetService<IOptions<ConnectorOptions>>()?.Value;
            var directory = folder ?? options?.DataDirectoryFullPath
                ?? throw new InvalidOperationException("the SQLite storage needs Connector:Storage:ConnectionString (its folder) or the connector's options (Connector:DataDirectory)");
            return new ConnectorDatabase(directory, options?.DatabaseSynchronous ?? DatabaseSynchronous.Full);
        });
        services.TryAddSingleton<SchemaMigrator>();
        services.TryAddSingleton<IStorageLifecycle, SqliteStorageLifecycle>();
        services.TryAddSingleton<IConnectorStateStore, SqliteConnectorStateStore>();
        services.TryAddSingleton<IWorkLeaseStore, SqliteWorkLeaseStore>();
        services.TryAddSingleton<INegotiationStore, SqliteNegotiationStore>();
        services.TryAddSingleton<ITransferStore, SqliteTransferStore>();
        services.TryAddSingleton<IAgreementStore, SqliteAgreementStore>();
        services.TryAddSingleton<IAssetStore, SqliteAssetStore>();
        services.TryAddSingleton<IOfferStore, SqliteOfferStore>();
        services.TryAddSingleton<IPolicyDefinitionStore, SqlitePolicyDefinitionStore>();
        services.TryAddSingleton<IUsageMeterStore, SqliteUsageMeterStore>();
        services.TryAddSingleton<IOutboxStore, SqliteOutboxStore>();
        services.TryAddSingleton<Sdk.Audit.IAuditLogStore, SqliteAuditLogStore>();
        services.TryAddSingleton<IUsageRecordStore, SqliteUsageRecordStore>();
        services.TryAddSingleton<IUsageReceiptStore, SqliteUsageReceiptStore>();
        services.TryAddSingleton<IUsageStatementStore, SqliteUsageStatementStore>();
        services.TryAddSingleton<Sdk.Compute.IComputeJobStore, SqliteComputeJobStore>();
    }
}
