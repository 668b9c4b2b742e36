using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="OutboxStoreContractTests"/> contract.</summary>
public sealed class SqliteOutboxStoreTests : OutboxStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_Claim_KeepsOrderPerProcess_OneInFlightEach() => Claim_KeepsOrderPerProcess_OneInFlightEach();

    [Fact]
    public Task Sqlite_Claim_Concurrently_NeverHandsAMessageToTwoClaimers() => Claim_Concurrently_NeverHandsAMessageToTwoClaimers();

    [Fact]
    public Task Sqlite_Reschedule_ReleasesTheClaimUntilDueAgain() => Reschedule_ReleasesTheClaimUntilDueAgain();

    [Fact]
    public Task Sqlite_Claim_ReturnsTheMessageAsStored_WithItsPurpose() => Claim_ReturnsTheMessageAsStored_WithItsPurpose();

    [Fact]
    public Task Sqlite_IsClaimed_OnlyWhileAnInstanceSendsIt() => IsClaimed_OnlyWhileAnInstanceSendsIt();

    [Fact]
    public Task Sqlite_Expedite_MakesAWaitingMessageDueNow() => Expedite_MakesAWaitingMessageDueNow();

    [Fact]
    public Task Sqlite_Abandon_RemovesTheMessage() => Abandon_RemovesTheMessage();

    [Fact]
    public Task Sqlite_Hold_MessagesOfAnUnansweredRequestWaitForTheAnswer() => Hold_MessagesOfAnUnansweredRequestWaitForTheAnswer();

    [Fact]
    public Task Sqlite_WaitForWork_ReturnsWhenAMessageIsStored() => WaitForWork_ReturnsWhenAMessageIsStored();

    [Fact]
    public Task Sqlite_ClaimWork_ClaimsMessagesAndStepsTogether_EachWithinItsLimit() => ClaimWork_ClaimsMessagesAndStepsTogether_EachWithinItsLimit();

    [Fact]
    public Task Sqlite_ClaimWork_HeldWorkIsClaimedOnlyOnceItsAnswerIsSent() => ClaimWork_HeldWorkIsClaimedOnlyOnceItsAnswerIsSent();
}
