using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="AssetStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresAssetStoreTests : AssetStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task CreateUpdateGet_RoundTrip_OnPostgres() => CreateUpdateGet_RoundTrip();

    [PostgresFact]
    public Task List_ByIdWithPrefix_OnPostgres() => List_ByIdWithPrefix();

    [PostgresFact]
    public Task Delete_RefusedWhileOffered_OnPostgres() => Delete_RefusedWhileOffered();
}
