using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="PolicyDefinitionStoreContractTests"/> contract.</summary>
public sealed class SqlitePolicyDefinitionStoreTests : PolicyDefinitionStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_CreateListDelete() => CreateListDelete();
}
