using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="AssetStoreContractTests"/> contract.</summary>
public sealed class SqliteAssetStoreTests : AssetStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_CreateUpdateGet_RoundTrip() => CreateUpdateGet_RoundTrip();

    [Fact]
    public Task Sqlite_List_ByIdWithPrefix() => List_ByIdWithPrefix();

    [Fact]
    public Task Sqlite_Delete_RefusedWhileOffered() => Delete_RefusedWhileOffered();
}
