using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="ComputeJobStoreContractTests"/> contract.</summary>
public sealed class SqliteComputeJobStoreTests : ComputeJobStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_Create_RoundTrips_AndRefusesADuplicate() => Create_RoundTrips_AndRefusesADuplicate();

    [Fact]
    public Task Sqlite_TryUpdate_AppliesOnlyFromTheReadVersion() => TryUpdate_AppliesOnlyFromTheReadVersion();

    [Fact]
    public Task Sqlite_List_FiltersAndPages_AndCountsPerAgreement() => List_FiltersAndPages_AndCountsPerAgreement();

    [Fact]
    public Task Sqlite_Outputs_AreKeptPerReceiver() => Outputs_AreKeptPerReceiver();

    [Fact]
    public Task Sqlite_SpendBudget_NeverOverdraws() => SpendBudget_NeverOverdraws();
}
