using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="ProcessStepStoreContractTests"/> contract.</summary>
public sealed class SqliteProcessStepStoreTests : ProcessStepStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_CompletedStep_IsRemovedWithTheTransitionOnly() => CompletedStep_IsRemovedWithTheTransitionOnly();

    [Fact]
    public Task Sqlite_Steps_StoredWithTheChange_AreClaimedOnce() => Steps_StoredWithTheChange_AreClaimedOnce();

    [Fact]
    public Task Sqlite_Steps_OfAChangeNotApplied_AreNotStored() => Steps_OfAChangeNotApplied_AreNotStored();

    [Fact]
    public Task Sqlite_ClaimSteps_Concurrently_NeverHandsAStepToTwoClaimers() => ClaimSteps_Concurrently_NeverHandsAStepToTwoClaimers();

    [Fact]
    public Task Sqlite_RescheduleStep_ReleasesTheClaimUntilDue_CompleteRemovesIt() => RescheduleStep_ReleasesTheClaimUntilDue_CompleteRemovesIt();

    [Fact]
    public Task Sqlite_ScheduleStep_IsClaimableWhenDue() => ScheduleStep_IsClaimableWhenDue();

    [Fact]
    public Task Sqlite_Hold_StepsOfAnUnansweredRequestWaitForTheAnswer() => Hold_StepsOfAnUnansweredRequestWaitForTheAnswer();

    [Fact]
    public Task Sqlite_WaitForWork_ReturnsWhenAStepIsStored() => WaitForWork_ReturnsWhenAStepIsStored();

    [Fact]
    public Task Sqlite_WaitForWork_ReturnsWhenTheNextStepFallsDue() => WaitForWork_ReturnsWhenTheNextStepFallsDue();
}
