using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="NegotiationStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresNegotiationStoreTests : NegotiationStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task Create_ThenGet_ReturnsTheRecordAndStoresItsMessage_OnPostgres() => Create_ThenGet_ReturnsTheRecordAndStoresItsMessage();

    [PostgresFact]
    public Task Create_RepeatedByPeerPid_ReturnsTheExistingProcess_OnPostgres() => Create_RepeatedByPeerPid_ReturnsTheExistingProcess();

    [PostgresFact]
    public Task Transition_FromTheExpectedState_MovesAndStoresTheMessage_OnPostgres() => Transition_FromTheExpectedState_MovesAndStoresTheMessage();

    [PostgresFact]
    public Task Transition_WithAStaleExpectedState_IsRefusedAndStoresNothing_OnPostgres() => Transition_WithAStaleExpectedState_IsRefusedAndStoresNothing();

    [PostgresFact]
    public Task Transition_DiscardingPendingMessages_WithdrawsThemBeforeStoringTheNewOnes_OnPostgres() => Transition_DiscardingPendingMessages_WithdrawsThemBeforeStoringTheNewOnes();

    [PostgresFact]
    public Task SetPeerPid_OnlyWhenUnknown_OnPostgres() => SetPeerPid_OnlyWhenUnknown();

    [PostgresFact]
    public Task List_PagesNewestFirstWithTheFilteredTotal_OnPostgres() => List_PagesNewestFirstWithTheFilteredTotal();

    [PostgresFact]
    public Task InStateAndCountOpen_SeeTheStoredStates_OnPostgres() => InStateAndCountOpen_SeeTheStoredStates();

    [PostgresFact]
    public Task Transition_WithAnAgreement_StoresAgreementMessageAndState_OnPostgres() => Transition_WithAnAgreement_StoresAgreementMessageAndState();

    [PostgresFact]
    public Task Transition_Stale_StoresNeitherAgreementNorMessage_OnPostgres() => Transition_Stale_StoresNeitherAgreementNorMessage();

    [PostgresFact]
    public Task Transition_AgreementConflict_FailsAndStoresNothing_OnPostgres() => Transition_AgreementConflict_FailsAndStoresNothing();
}
