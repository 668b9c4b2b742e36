using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="AgreementStoreContractTests"/> contract.</summary>
public sealed class SqliteAgreementStoreTests : AgreementStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_List_NewestFirstByAsset() => List_NewestFirstByAsset();
}
