using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="WorkLeaseStoreContractTests"/> contract.</summary>
public sealed class SqliteWorkLeaseStoreTests : WorkLeaseStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    // A second handle on the same file: its own pool and write gate, as another process would have.
    protected override Task<IWorkLeaseStore> CreateSecondInstanceAsync(StorageUnderTest storage) =>
        Task.FromResult<IWorkLeaseStore>(new SqliteWorkLeaseStore(new ConnectorDatabase(Path.GetDirectoryName(storage.Services.GetRequiredService<ConnectorDatabase>().FilePath)!)));

    [Fact]
    public Task Sqlite_TryAcquire_HeldUntilItExpires_ThenTakenOver() => TryAcquire_HeldUntilItExpires_ThenTakenOver();

    [Fact]
    public Task Sqlite_TryAcquire_ConcurrentInstances_ExactlyOneHolds() => TryAcquire_ConcurrentInstances_ExactlyOneHolds();
}
