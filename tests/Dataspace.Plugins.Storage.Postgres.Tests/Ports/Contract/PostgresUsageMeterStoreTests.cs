using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="UsageMeterStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresUsageMeterStoreTests : UsageMeterStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task TryRecord_CountsOnlyFromTheReadCount_OnPostgres() => TryRecord_CountsOnlyFromTheReadCount();
}
