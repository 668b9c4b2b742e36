using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="ConnectorStateStoreContractTests"/> contract.</summary>
public sealed class SqliteConnectorStateStoreTests : ConnectorStateStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_ParticipantIdAndStarts_AreKept() => ParticipantIdAndStarts_AreKept();
}
