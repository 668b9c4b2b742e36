namespace Dataspace.Sdk.Audit;

/// <summary>
/// Where the audit log lives: its entries (leaf data and leaf hashes), the stored complete-subtree hashes of its Merkle
/// tree, its signed checkpoints and their witnesses' cosignatures.
/// </summary>
/// <remarks>
/// <para>Called concurrently. Several connector instances may append to one store: <see cref="TryAppendAsync"/> commits a
/// batch only when the log still has the size the appender expects (the batch's transaction locks the log's head), so an
/// appender whose view is stale is told so, reloads its tree's frontier and tries again; no index is ever lost or taken
/// twice.</para>
/// <para>Nothing is ever updated or deleted: a committed entry, node or checkpoint stays as it was written.</para>
/// </remarks>
public interface IAuditLogStore
{
    /// <summary>
    /// Creates the log hashed with <paramref name="hashAlgorithm"/> when there is none yet; returns the head as stored
    /// (whose algorithm may differ from the one asked for: the caller refuses to go on then).
    /// </summary>
    Task<AuditLogHead> OpenAsync(string hashAlgorithm, CancellationToken cancellationToken);

    /// <summary>The log's head as stored now (size 0 and no algorithm when the log was never opened).</summary>
    Task<AuditLogHead> ReadHeadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Commits the batch in one transaction when the log's size is still <see cref="AuditBatch.ExpectedSize"/>: its
    /// entries, the nodes it completes and the new size; returns false, changing nothing, when it is not.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is malformed (indices not contiguous from the expected size).</exception>
    Task<bool> TryAppendAsync(AuditBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Stores nodes a log written with every 8th level stored lacks (levels 4, 12, 20, ... that were complete before), skipping
    /// any already stored; with <paramref name="complete"/>, then records in the head that the log stores every 4th level.
    /// </summary>
    /// <remarks>
    /// Backfills are idempotent (a node's hash is fixed by the leaves), so instances sharing a log may backfill it at once.
    /// Entries, the size and other nodes are not changed.
    /// </remarks>
    /// <exception cref="ArgumentException">A node is not at a stored level.</exception>
    Task StoreBackfilledNodesAsync(IReadOnlyList<AuditNode> nodes, bool complete, CancellationToken cancellationToken);

    /// <summary>
    /// The hashes of the nodes <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 of a
    /// stored <paramref name="level"/> (0 = leaf hashes), concatenated in order; fewer when the log does not have them all.
    /// </summary>
    Task<byte[]> ReadHashesAsync(int level, long first, int count, CancellationToken cancellationToken);

    /// <summary>The entries with index <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 that exist, in order.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadEntriesAsync(long first, int count, CancellationToken cancellationToken);

    /// <summary>The entries matching the query, in index order, at most <see cref="AuditEntryQuery.Limit"/> of them.</summary>
    Task<IReadOnlyList<AuditEntry>> SearchAsync(AuditEntryQuery query, CancellationToken cancellationToken);

    /// <summary>Stores a signed checkpoint (a no-op when one of the same size is stored already).</summary>
    Task StoreCheckpointAsync(AuditCheckpointRecord checkpoint, CancellationToken cancellationToken);

    /// <summary>The checkpoint of <paramref name="size"/> leaves, or the latest (largest) one when it is null; null when there is none.</summary>
    Task<AuditCheckpointRecord?> ReadCheckpointAsync(long? size, CancellationToken cancellationToken);

    /// <summary>The checkpoints with a size in [<paramref name="fromSize"/>, <paramref name="toSize"/>], smallest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditCheckpointRecord>> ListCheckpointsAsync(long fromSize, long toSize, int limit, CancellationToken cancellationToken);

    /// <summary>Stores a witness's cosignature of the checkpoint of <see cref="AuditCosignature.Size"/> leaves (replacing that witness's earlier one for it).</summary>
    Task StoreCosignatureAsync(AuditCosignature cosignature, CancellationToken cancellationToken);

    /// <summary>The cosignatures stored for the checkpoint of <paramref name="size"/> leaves.</summary>
    Task<IReadOnlyList<AuditCosignature>> ReadCosignaturesAsync(long size, CancellationToken cancellationToken);
}
