using Dataspace.Plugins.Storage.Postgres.Stores;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>Registers the PostgreSQL implementations of the storage ports.</summary>
internal static class PostgresStorage
{
    /// <summary>The example given when the connection string is missing or malformed.</summary>
    public const string Example = "Host=db;Port=5432;Database=dataspace;Username=connector;Password=...";

    /// <summary>Registers every port on the database named by <c>Connector:Storage:ConnectionString</c>.</summary>
    /// <exception cref="InvalidOperationException">The connection string is missing or malformed.</exception>
    public static void Register(IServiceCollection services, StorageProviderContext context)
    {
        if (string.IsNullOrWhiteSpace(context.ConnectionString))
        {
            throw new InvalidOperationException(
                $"Connector:Storage:ConnectionString is required when Connector:Storage:Provider is '{StorageProviders.Postgres}'; expected a PostgreSQL connection string such as '{Example}'");
        }

        var connectionString = context.ConnectionString;
        try
        {
            // Checked now, so a typo fails start-up naming the key rather than the first request.
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Connector:Storage:ConnectionString is not a valid PostgreSQL connection string ({e.Message}); expected e.g. '{Example}'", e);
        }

        // Created by factories, so the container disposes them (the instance gives its claims back at shutdown).
        services.TryAddSingleton(_ => new PostgresDatabase(connectionString));
        services.TryAddSingleton<PostgresInstance>();
        services.TryAddSingleton<PostgresSchemaMigrator>();
        services.TryAddSingleton<PostgresHandOff>();
        services.TryAddSingleton<PostgresOutbox>();
        services.TryAddSingleton<IStorageLifecycle, PostgresStorageLifecycle>();
        services.TryAddSingleton<IConnectorStateStore, PostgresConnectorStateStore>();
        services.TryAddSingleton<IWorkLeaseStore, PostgresWorkLeaseStore>();
        services.TryAddSingleton<INegotiationStore, PostgresNegotiationStore>();
        services.TryAddSingleton<ITransferStore, PostgresTransferStore>();
        services.TryAddSingleton<IAgreementStore, PostgresAgreementStore>();
        services.TryAddSingleton<IAssetStore, PostgresAssetStore>();
        services.TryAddSingleton<IOfferStore, PostgresOfferStore>();
        services.TryAddSingleton<IPolicyDefinitionStore, PostgresPolicyDefinitionStore>();
        services.TryAddSingleton<IUsageMeterStore, PostgresUsageMeterStore>();
        services.TryAddSingleton<IOutboxStore, PostgresOutboxStore>();
        services.TryAddSingleton<Sdk.Audit.IAuditLogStore, PostgresAuditLogStore>();
        services.TryAddSingleton<IUsageRecordStore, PostgresUsageRecordStore>();
        services.TryAddSingleton<IUsageReceiptStore, PostgresUsageReceiptStore>();
        services.TryAddSingleton<IUsageStatementStore, PostgresUsageStatementStore>();
        services.TryAddSingleton<Sdk.Compute.IComputeJobStore, PostgresComputeJobStore>();
    }
}
