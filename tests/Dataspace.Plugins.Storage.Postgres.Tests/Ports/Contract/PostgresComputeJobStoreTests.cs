using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="ComputeJobStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresComputeJobStoreTests : ComputeJobStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task Create_RoundTrips_AndRefusesADuplicate_OnPostgres() => Create_RoundTrips_AndRefusesADuplicate();

    [PostgresFact]
    public Task TryUpdate_AppliesOnlyFromTheReadVersion_OnPostgres() => TryUpdate_AppliesOnlyFromTheReadVersion();

    [PostgresFact]
    public Task List_FiltersAndPages_AndCountsPerAgreement_OnPostgres() => List_FiltersAndPages_AndCountsPerAgreement();

    [PostgresFact]
    public Task Outputs_AreKeptPerReceiver_OnPostgres() => Outputs_AreKeptPerReceiver();

    [PostgresFact]
    public Task SpendBudget_NeverOverdraws_OnPostgres() => SpendBudget_NeverOverdraws();
}
