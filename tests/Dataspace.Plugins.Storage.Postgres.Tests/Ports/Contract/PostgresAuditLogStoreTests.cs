using Dataspace.Plugins.Storage.Postgres.Stores;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="AuditLogStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresAuditLogStoreTests : AuditLogStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    // A second instance's store: its own data source (pool) on the same database.
    protected override Task<IAuditLogStore> CreateSecondAppenderAsync(StorageUnderTest storage) =>
        Task.FromResult<IAuditLogStore>(new PostgresAuditLogStore(new PostgresDatabase(storage.Services.GetRequiredService<PostgresDatabase>().DataSource.ConnectionString)));

    [PostgresFact]
    public Task Open_CreatesTheLogOnce_AndKeepsItsAlgorithm_OnPostgres() => Open_CreatesTheLogOnce_AndKeepsItsAlgorithm();

    [PostgresFact]
    public Task TryAppend_AtTheExpectedSize_CommitsEntriesNodesAndSize_OnPostgres() => TryAppend_AtTheExpectedSize_CommitsEntriesNodesAndSize();

    [PostgresFact]
    public Task TryAppend_StaleOrMalformed_ChangesNothing_OnPostgres() => TryAppend_StaleOrMalformed_ChangesNothing();

    [PostgresFact]
    public Task Search_FiltersAndPagesByIndex_OnPostgres() => Search_FiltersAndPagesByIndex();

    [PostgresFact]
    public Task Checkpoints_AndCosignatures_AreKeptBySize_OnPostgres() => Checkpoints_AndCosignatures_AreKeptBySize();

    [PostgresFact]
    public Task ConcurrentAppenders_NoIndexLostOrTakenTwice_OnPostgres() => ConcurrentAppenders_NoIndexLostOrTakenTwice();

    [PostgresFact]
    public Task StoreBackfilledNodes_SkipsStoredOnes_AndMarksTheHeadWhenComplete_OnPostgres() => StoreBackfilledNodes_SkipsStoredOnes_AndMarksTheHeadWhenComplete();
}
