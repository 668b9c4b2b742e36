using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="ProcessStepStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresProcessStepStoreTests : ProcessStepStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task CompletedStep_IsRemovedWithTheTransitionOnly_OnPostgres() => CompletedStep_IsRemovedWithTheTransitionOnly();

    [PostgresFact]
    public Task Steps_StoredWithTheChange_AreClaimedOnce_OnPostgres() => Steps_StoredWithTheChange_AreClaimedOnce();

    [PostgresFact]
    public Task Steps_OfAChangeNotApplied_AreNotStored_OnPostgres() => Steps_OfAChangeNotApplied_AreNotStored();

    [PostgresFact]
    public Task ClaimSteps_Concurrently_NeverHandsAStepToTwoClaimers_OnPostgres() => ClaimSteps_Concurrently_NeverHandsAStepToTwoClaimers();

    [PostgresFact]
    public Task RescheduleStep_ReleasesTheClaimUntilDue_CompleteRemovesIt_OnPostgres() => RescheduleStep_ReleasesTheClaimUntilDue_CompleteRemovesIt();

    [PostgresFact]
    public Task ScheduleStep_IsClaimableWhenDue_OnPostgres() => ScheduleStep_IsClaimableWhenDue();

    [PostgresFact]
    public Task Hold_StepsOfAnUnansweredRequestWaitForTheAnswer_OnPostgres() => Hold_StepsOfAnUnansweredRequestWaitForTheAnswer();

    [PostgresFact]
    public Task WaitForWork_ReturnsWhenAStepIsStored_OnPostgres() => WaitForWork_ReturnsWhenAStepIsStored();

    [PostgresFact]
    public Task WaitForWork_ReturnsWhenTheNextStepFallsDue_OnPostgres() => WaitForWork_ReturnsWhenTheNextStepFallsDue();
}
