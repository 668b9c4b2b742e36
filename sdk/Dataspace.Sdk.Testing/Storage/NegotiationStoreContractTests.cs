using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="INegotiationStore"/> must do, including storing an agreement atomically with the transition creating it.</summary>
public abstract class NegotiationStoreContractTests : ProcessStoreContractTests<ContractNegotiationRecord, NegotiationState>
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <inheritdoc/>
    protected override NegotiationState Initial => NegotiationState.Requested;

    /// <inheritdoc/>
    protected override NegotiationState Later => NegotiationState.Agreed;

    /// <inheritdoc/>
    protected override string Kind => "negotiation";

    /// <inheritdoc/>
    protected override IProcessStore<ContractNegotiationRecord, NegotiationState> StoreOf(StorageUnderTest storage) => storage.Negotiations;

    /// <inheritdoc/>
    protected override ContractNegotiationRecord NewRecord(string? id = null, ProcessRole role = ProcessRole.Provider, NegotiationState? state = null, string? peerPid = null,
        string counterPartyId = "did:web:peer", DateTimeOffset? createdAt = null) =>
        StoreTestData.Negotiation(id, role, state ?? Initial, peerPid, counterPartyId, createdAt);

    /// <inheritdoc/>
    protected override ContractNegotiationRecord Moved(ContractNegotiationRecord record, NegotiationState state, DateTimeOffset at, string? reason = null) =>
        record with { State = state, UpdatedAt = at, Error = reason ?? record.Error };

    /// <inheritdoc/>
    protected override string IdOf(ContractNegotiationRecord record) => record.Id;

    /// <inheritdoc/>
    protected override NegotiationState StateOf(ContractNegotiationRecord record) => record.State;

    /// <inheritdoc/>
    protected override string? PeerPidOf(ContractNegotiationRecord record) => record.PeerPid;

    /// <summary>The agreement, the move to AGREED and its message are stored together.</summary>
    public async Task Transition_WithAnAgreement_StoresAgreementMessageAndState()
    {
        await using var storage = await OpenAsync();
        var record = NewRecord();
        await storage.Negotiations.CreateAsync(record, ProcessEffects.None, None);
        var agreement = StoreTestData.Agreement(record.Id);

        var moved = await storage.Negotiations.TransitionAsync(record with { State = NegotiationState.Agreed, AgreementId = agreement.Id, UpdatedAt = StoreTestData.T0.AddSeconds(1) },
            NegotiationState.Requested, new ProcessEffects { Agreement = agreement, Messages = [StoreTestData.Message(record.Id, "ContractAgreementMessage")] }, None);

        Check.True(moved, "the transition to AGREED applies");
        var stored = Check.NotNull(await storage.Agreements.GetAsync(agreement.Id, None), "the agreement stored with the transition");
        Check.Equal(agreement.NegotiationId, stored.NegotiationId, "the agreement's negotiation");
        Check.Equal(agreement.Policy.ToJsonString(), stored.Policy.ToJsonString(), "the agreement's policy");
        Check.Equal(agreement.Id, (await storage.Negotiations.GetAsync(record.Id, None))!.AgreementId, "the negotiation's agreement id");
        Check.True(await storage.Outbox.IsPendingAsync(record.Id, "ContractAgreementMessage", None), "the agreement message waits in the outbox");
    }

    /// <summary>A stale transition stores neither its agreement nor its message.</summary>
    public async Task Transition_Stale_StoresNeitherAgreementNorMessage()
    {
        await using var storage = await OpenAsync();
        var record = NewRecord(state: NegotiationState.Terminated);
        await storage.Negotiations.CreateAsync(record, ProcessEffects.None, None);
        var agreement = StoreTestData.Agreement(record.Id);

        var moved = await storage.Negotiations.TransitionAsync(record with { State = NegotiationState.Agreed, AgreementId = agreement.Id }, NegotiationState.Requested,
            new ProcessEffects { Agreement = agreement, Messages = [StoreTestData.Message(record.Id, "ContractAgreementMessage")] }, None);

        Check.True(!moved, "a transition from a state the negotiation is not in is refused");
        Check.Null(await storage.Agreements.GetAsync(agreement.Id, None), "the agreement of a refused transition");
        Check.True(!await storage.Outbox.IsPendingAsync(record.Id, null, None), "the message of a refused transition");
    }

    /// <summary>An agreement that cannot be stored (its id is taken) fails the whole transition: state and message stay as they were.</summary>
    public async Task Transition_AgreementConflict_FailsAndStoresNothing()
    {
        await using var storage = await OpenAsync();
        var first = NewRecord();
        var second = NewRecord();
        await storage.Negotiations.CreateAsync(first, ProcessEffects.None, None);
        await storage.Negotiations.CreateAsync(second, ProcessEffects.None, None);
        var agreement = StoreTestData.Agreement(first.Id);
        await storage.Negotiations.TransitionAsync(first with { State = NegotiationState.Agreed, AgreementId = agreement.Id }, NegotiationState.Requested,
            new ProcessEffects { Agreement = agreement }, None);

        await Check.ThrowsAsync<Exception>(() => storage.Negotiations.TransitionAsync(second with { State = NegotiationState.Agreed, AgreementId = agreement.Id },
            NegotiationState.Requested, new ProcessEffects { Agreement = agreement with { NegotiationId = second.Id }, Messages = [StoreTestData.Message(second.Id, "ContractAgreementMessage")] }, None),
            "a transition whose agreement id is taken");

        Check.Equal(NegotiationState.Requested, (await storage.Negotiations.GetAsync(second.Id, None))!.State, "the negotiation's state after the failed transition");
        Check.True(!await storage.Outbox.IsPendingAsync(second.Id, null, None), "the failed transition's message");
        Check.Equal(first.Id, (await storage.Agreements.GetAsync(agreement.Id, None))!.NegotiationId, "the stored agreement's negotiation");
    }
}
