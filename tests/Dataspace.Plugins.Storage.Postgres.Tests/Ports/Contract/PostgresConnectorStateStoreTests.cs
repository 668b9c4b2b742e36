using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="ConnectorStateStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresConnectorStateStoreTests : ConnectorStateStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task ParticipantIdAndStarts_AreKept_OnPostgres() => ParticipantIdAndStarts_AreKept();
}
