using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="PolicyDefinitionStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresPolicyDefinitionStoreTests : PolicyDefinitionStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task CreateListDelete_OnPostgres() => CreateListDelete();
}
