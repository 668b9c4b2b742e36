using Dataspace.Sdk.Audit;

namespace Dataspace.Connector.Audit;

/// <summary>Witnessing's view of our audit log: checkpoints, entries and cosignatures from its store, proofs from its tree.</summary>
internal sealed class AuditWitnessLog : IWitnessLog
{
    private readonly AuditLog _log;
    private readonly TimeProvider _time;

    public AuditWitnessLog(AuditLog log, TimeProvider time)
    {
        _log = log;
        _time = time;
    }

    public string HashName => _log.Hasher.Name;

    public async Task<(string Note, long Size)?> LatestCheckpointAsync(CancellationToken cancellationToken) =>
        await _log.Store.ReadCheckpointAsync(null, cancellationToken).ConfigureAwait(false) is { } latest ? (latest.Note, latest.Size) : null;

    public async Task<byte[]> ReadEntryAsync(long index, CancellationToken cancellationToken)
    {
        var entries = await _log.Store.ReadEntriesAsync(index, 1, cancellationToken).ConfigureAwait(false);
        return entries.Count == 1 && entries[0].Index == index
            ? entries[0].Data
            : throw new InvalidOperationException($"the audit log has no entry {index}");
    }

    public async Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken) =>
        await _log.Tree.InclusionProofAsync(index, size, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long first, long second, CancellationToken cancellationToken) =>
        await _log.Tree.ConsistencyProofAsync(first, second, cancellationToken).ConfigureAwait(false);

    public Task AddCosignatureAsync(long size, string witness, string cosignature, CancellationToken cancellationToken) =>
        _log.Store.StoreCosignatureAsync(new AuditCosignature(size, witness, cosignature, _time.GetUtcNow()), cancellationToken);
}
