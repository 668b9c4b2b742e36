using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="OfferStoreContractTests"/> contract.</summary>
public sealed class SqliteOfferStoreTests : OfferStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_Create_RefusesMissingReferencesNamingThem() => Create_RefusesMissingReferencesNamingThem();

    [Fact]
    public Task Sqlite_ListDeleteAndCatalog() => ListDeleteAndCatalog();
}
