using Dataspace.Plugins.Storage.Postgres.Stores;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="WorkLeaseStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresWorkLeaseStoreTests : WorkLeaseStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    // A second instance's store: its own data source (pool) on the same database.
    protected override Task<IWorkLeaseStore> CreateSecondInstanceAsync(StorageUnderTest storage) =>
        Task.FromResult<IWorkLeaseStore>(new PostgresWorkLeaseStore(new PostgresDatabase(storage.Services.GetRequiredService<PostgresDatabase>().DataSource.ConnectionString)));

    [PostgresFact]
    public Task TryAcquire_HeldUntilItExpires_ThenTakenOver_OnPostgres() => TryAcquire_HeldUntilItExpires_ThenTakenOver();

    [PostgresFact]
    public Task TryAcquire_ConcurrentInstances_ExactlyOneHolds_OnPostgres() => TryAcquire_ConcurrentInstances_ExactlyOneHolds();
}
