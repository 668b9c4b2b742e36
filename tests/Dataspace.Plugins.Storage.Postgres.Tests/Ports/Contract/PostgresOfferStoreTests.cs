using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="OfferStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresOfferStoreTests : OfferStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task Create_RefusesMissingReferencesNamingThem_OnPostgres() => Create_RefusesMissingReferencesNamingThem();

    [PostgresFact]
    public Task ListDeleteAndCatalog_OnPostgres() => ListDeleteAndCatalog();
}
