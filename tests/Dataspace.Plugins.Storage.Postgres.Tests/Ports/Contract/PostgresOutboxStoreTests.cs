using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="OutboxStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresOutboxStoreTests : OutboxStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task Claim_ReturnsTheMessageAsStored_WithItsPurpose_OnPostgres() => Claim_ReturnsTheMessageAsStored_WithItsPurpose();

    [PostgresFact]
    public Task Claim_KeepsOrderPerProcess_OneInFlightEach_OnPostgres() => Claim_KeepsOrderPerProcess_OneInFlightEach();

    [PostgresFact]
    public Task Claim_Concurrently_NeverHandsAMessageToTwoClaimers_OnPostgres() => Claim_Concurrently_NeverHandsAMessageToTwoClaimers();

    [PostgresFact]
    public Task Reschedule_ReleasesTheClaimUntilDueAgain_OnPostgres() => Reschedule_ReleasesTheClaimUntilDueAgain();

    [PostgresFact]
    public Task IsClaimed_OnlyWhileAnInstanceSendsIt_OnPostgres() => IsClaimed_OnlyWhileAnInstanceSendsIt();

    [PostgresFact]
    public Task Expedite_MakesAWaitingMessageDueNow_OnPostgres() => Expedite_MakesAWaitingMessageDueNow();

    [PostgresFact]
    public Task Abandon_RemovesTheMessage_OnPostgres() => Abandon_RemovesTheMessage();

    [PostgresFact]
    public Task Hold_MessagesOfAnUnansweredRequestWaitForTheAnswer_OnPostgres() => Hold_MessagesOfAnUnansweredRequestWaitForTheAnswer();

    [PostgresFact]
    public Task WaitForWork_ReturnsWhenAMessageIsStored_OnPostgres() => WaitForWork_ReturnsWhenAMessageIsStored();

    [PostgresFact]
    public Task ClaimWork_ClaimsMessagesAndStepsTogether_EachWithinItsLimit_OnPostgres() => ClaimWork_ClaimsMessagesAndStepsTogether_EachWithinItsLimit();

    [PostgresFact]
    public Task ClaimWork_HeldWorkIsClaimedOnlyOnceItsAnswerIsSent_OnPostgres() => ClaimWork_HeldWorkIsClaimedOnlyOnceItsAnswerIsSent();
}
