using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="AuditLogStoreContractTests"/> contract.</summary>
public sealed class SqliteAuditLogStoreTests : AuditLogStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    // A second handle on the same file: its own pool and write gate, as another process (the CLI) would have.
    protected override Task<IAuditLogStore> CreateSecondAppenderAsync(StorageUnderTest storage) =>
        Task.FromResult<IAuditLogStore>(new SqliteAuditLogStore(new ConnectorDatabase(Path.GetDirectoryName(storage.Services.GetRequiredService<ConnectorDatabase>().FilePath)!)));

    [Fact]
    public Task Sqlite_Open_CreatesTheLogOnce_AndKeepsItsAlgorithm() => Open_CreatesTheLogOnce_AndKeepsItsAlgorithm();

    [Fact]
    public Task Sqlite_TryAppend_AtTheExpectedSize_CommitsEntriesNodesAndSize() => TryAppend_AtTheExpectedSize_CommitsEntriesNodesAndSize();

    [Fact]
    public Task Sqlite_TryAppend_StaleOrMalformed_ChangesNothing() => TryAppend_StaleOrMalformed_ChangesNothing();

    [Fact]
    public Task Sqlite_Search_FiltersAndPagesByIndex() => Search_FiltersAndPagesByIndex();

    [Fact]
    public Task Sqlite_Checkpoints_AndCosignatures_AreKeptBySize() => Checkpoints_AndCosignatures_AreKeptBySize();

    [Fact]
    public Task Sqlite_ConcurrentAppenders_NoIndexLostOrTakenTwice() => ConcurrentAppenders_NoIndexLostOrTakenTwice();

    [Fact]
    public Task Sqlite_StoreBackfilledNodes_SkipsStoredOnes_AndMarksTheHeadWhenComplete() => StoreBackfilledNodes_SkipsStoredOnes_AndMarksTheHeadWhenComplete();
}
