using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="AgreementStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresAgreementStoreTests : AgreementStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task List_NewestFirstByAsset_OnPostgres() => List_NewestFirstByAsset();
}
