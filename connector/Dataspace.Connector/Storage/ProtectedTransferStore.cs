using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Storage;

/// <summary>Keeps the secret properties of transfers' data addresses (tokens, auth codes) encrypted in whichever store the provider gives (<see cref="StoredSecrets"/>).</summary>
internal sealed class ProtectedTransferStore : ITransferStore
{
    private readonly ITransferStore _inner;
    private readonly StoredSecrets _secrets;

    public ProtectedTransferStore(ITransferStore inner, StoredSecrets secrets)
    {
        _inner = inner;
        _secrets = secrets;
    }

    public async Task<(TransferProcessRecord Record, bool Created)> CreateAsync(TransferProcessRecord record, ProcessEffects effects, CancellationToken cancellationToken)
    {
        var (stored, created) = await _inner.CreateAsync(Protect(record), effects, cancellationToken).ConfigureAwait(false);
        // A new one is returned as given; an existing one as read.
        return (created ? record : Unprotect(stored)!, created);
    }

    public Task<bool> TransitionAsync(TransferProcessRecord updated, TransferState expectedState, ProcessEffects effects, CancellationToken cancellationToken) =>
        _inner.TransitionAsync(Protect(updated), expectedState, effects, cancellationToken);

    public Task SetPeerPidAsync(string id, string peerPid, CancellationToken cancellationToken) => _inner.SetPeerPidAsync(id, peerPid, cancellationToken);

    public async Task<TransferProcessRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        Unprotect(await _inner.GetAsync(id, cancellationToken).ConfigureAwait(false));

    public async Task<TransferProcessRecord?> FindByPeerAsync(ProcessRole role, string counterPartyId, string peerPid, CancellationToken cancellationToken) =>
        Unprotect(await _inner.FindByPeerAsync(role, counterPartyId, peerPid, cancellationToken).ConfigureAwait(false));

    public async Task<Page<TransferProcessRecord>> ListAsync(PageRequest page, ProcessRole? role, TransferState? state, CancellationToken cancellationToken)
    {
        var result = await _inner.ListAsync(page, role, state, cancellationToken).ConfigureAwait(false);
        return result with { Items = [.. result.Items.Select(t => Unprotect(t)!)] };
    }

    public async Task<IReadOnlyList<TransferProcessRecord>> InStateAsync(ProcessRole role, TransferState state, CancellationToken cancellationToken) =>
        [.. (await _inner.InStateAsync(role, state, cancellationToken).ConfigureAwait(false)).Select(t => Unprotect(t)!)];

    public Task<long> CountOpenAsync(ProcessRole role, string counterPartyId, IReadOnlyCollection<TransferState> finalStates, CancellationToken cancellationToken) =>
        _inner.CountOpenAsync(role, counterPartyId, finalStates, cancellationToken);

    private TransferProcessRecord Protect(TransferProcessRecord record) =>
        record.DataAddress is null ? record : record with { DataAddress = _secrets.Protect(record.DataAddress) };

    private TransferProcessRecord? Unprotect(TransferProcessRecord? record) =>
        record?.DataAddress is null ? record : record with { DataAddress = _secrets.Unprotect(record.DataAddress) };
}
