using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="ITransferStore"/> must do.</summary>
public abstract class TransferStoreContractTests : ProcessStoreContractTests<TransferProcessRecord, TransferState>
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <inheritdoc/>
    protected override TransferState Initial => TransferState.Requested;

    /// <inheritdoc/>
    protected override TransferState Later => TransferState.Started;

    /// <inheritdoc/>
    protected override string Kind => "transfer";

    /// <inheritdoc/>
    protected override IProcessStore<TransferProcessRecord, TransferState> StoreOf(StorageUnderTest storage) => storage.Transfers;

    /// <inheritdoc/>
    protected override TransferProcessRecord NewRecord(string? id = null, ProcessRole role = ProcessRole.Provider, TransferState? state = null, string? peerPid = null,
        string counterPartyId = "did:web:peer", DateTimeOffset? createdAt = null) =>
        StoreTestData.Transfer(id, role, state ?? Initial, peerPid, counterPartyId, createdAt);

    /// <inheritdoc/>
    protected override TransferProcessRecord Moved(TransferProcessRecord record, TransferState state, DateTimeOffset at, string? reason = null) =>
        record with { State = state, UpdatedAt = at, Error = reason ?? record.Error };

    /// <inheritdoc/>
    protected override string IdOf(TransferProcessRecord record) => record.Id;

    /// <inheritdoc/>
    protected override TransferState StateOf(TransferProcessRecord record) => record.State;

    /// <inheritdoc/>
    protected override string? PeerPidOf(TransferProcessRecord record) => record.PeerPid;

    /// <summary>A data address set by a transition reads back with every property.</summary>
    public async Task Transition_WithADataAddress_ReadsItBack()
    {
        await using var storage = await OpenAsync();
        var record = NewRecord(role: ProcessRole.Consumer);
        await storage.Transfers.CreateAsync(record, ProcessEffects.None, None);
        var address = new DataAddress("HttpData", new Dictionary<string, string> { ["endpoint"] = "https://provider.example/public", ["authorization"] = "token-1" });

        await storage.Transfers.TransitionAsync(record with { State = TransferState.Started, DataAddress = address, UpdatedAt = StoreTestData.T0.AddSeconds(1) },
            TransferState.Requested, ProcessEffects.None, None);

        var read = Check.NotNull((await storage.Transfers.GetAsync(record.Id, None))?.DataAddress, "the stored data address");
        Check.Equal("HttpData", read.Type, "the address type");
        Check.Equal("token-1", read.Properties["authorization"], "the address's authorization");
        Check.Equal("https://provider.example/public", read.Properties["endpoint"], "the address's endpoint");
    }
}
