using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="NegotiationStoreContractTests"/> contract.</summary>
public sealed class SqliteNegotiationStoreTests : NegotiationStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_Create_ThenGet_ReturnsTheRecordAndStoresItsMessage() => Create_ThenGet_ReturnsTheRecordAndStoresItsMessage();

    [Fact]
    public Task Sqlite_Create_RepeatedByPeerPid_ReturnsTheExistingProcess() => Create_RepeatedByPeerPid_ReturnsTheExistingProcess();

    [Fact]
    public Task Sqlite_Transition_FromTheExpectedState_MovesAndStoresTheMessage() => Transition_FromTheExpectedState_MovesAndStoresTheMessage();

    [Fact]
    public Task Sqlite_Transition_WithAStaleExpectedState_IsRefusedAndStoresNothing() => Transition_WithAStaleExpectedState_IsRefusedAndStoresNothing();

    [Fact]
    public Task Sqlite_Transition_DiscardingPendingMessages_WithdrawsThemBeforeStoringTheNewOnes() => Transition_DiscardingPendingMessages_WithdrawsThemBeforeStoringTheNewOnes();

    [Fact]
    public Task Sqlite_SetPeerPid_OnlyWhenUnknown() => SetPeerPid_OnlyWhenUnknown();

    [Fact]
    public Task Sqlite_List_PagesNewestFirstWithTheFilteredTotal() => List_PagesNewestFirstWithTheFilteredTotal();

    [Fact]
    public Task Sqlite_InStateAndCountOpen_SeeTheStoredStates() => InStateAndCountOpen_SeeTheStoredStates();

    [Fact]
    public Task Sqlite_Transition_WithAnAgreement_StoresAgreementMessageAndState() => Transition_WithAnAgreement_StoresAgreementMessageAndState();

    [Fact]
    public Task Sqlite_Transition_Stale_StoresNeitherAgreementNorMessage() => Transition_Stale_StoresNeitherAgreementNorMessage();

    [Fact]
    public Task Sqlite_Transition_AgreementConflict_FailsAndStoresNothing() => Transition_AgreementConflict_FailsAndStoresNothing();
}
