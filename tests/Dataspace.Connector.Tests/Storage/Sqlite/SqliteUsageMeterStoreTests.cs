using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="UsageMeterStoreContractTests"/> contract.</summary>
public sealed class SqliteUsageMeterStoreTests : UsageMeterStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_TryRecord_CountsOnlyFromTheReadCount() => TryRecord_CountsOnlyFromTheReadCount();
}
