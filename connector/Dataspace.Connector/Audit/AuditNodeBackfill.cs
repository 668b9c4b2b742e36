using Dataspace.Evidence.Merkle;
using Dataspace.Sdk.Audit;

namespace Dataspace.Connector.Audit;

/// <summary>
/// Brings a log written when every 8th tree level was stored to every 4th: computes the nodes of levels 4, 12, 20, ...
/// complete at the log's size from the stored level four below each (leaf hashes, level 8, level 16, ...), stores them in bounded
/// batches and then marks the log's head. Nodes completed by later appends are written by their appenders.
/// </summary>
/// <remarks>
/// Idempotent: an interrupted backfill starts again (stored nodes are skipped), and instances sharing a log may run it at
/// once. A log of 10 million entries reads its 10 million leaf hashes once and hashes about as many times.
/// </remarks>
internal static class AuditNodeBackfill
{
    private const int NodesPerBatch = 4096;
    private const int Stride = MerkleTree.StoredLevelStride;
    private const int Fan = 1 << Stride;

    /// <summary>Backfills the log when its head says it needs it; returns the number of nodes computed (0 when none were needed).</summary>
    public static async Task<long> RunAsync(IAuditLogStore store, ITreeHasher hasher, CancellationToken cancellationToken)
    {
        var head = await store.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        if (head.StoredLevelStride == AuditNode.StoredLevelStride)
        {
            return 0;
        }

        if (head.StoredLevelStride != AuditNode.LegacyStoredLevelStride)
        {
            throw new InvalidOperationException(
                $"The audit log stores every {head.StoredLevelStride}th tree level; this connector reads logs storing every {AuditNode.StoredLevelStride}th and backfills those storing every {AuditNode.LegacyStoredLevelStride}th.");
        }

        var size = head.Size;
        var hashSize = hasher.HashSize;
        long computed = 0;
        // The missing levels are the odd multiples of the stride: each sits one stride above a level the log stored.
        for (var level = Stride; level < 62 && (1L << level) <= size; level += 2 * Stride)
        {
            var count = size >> level;
            for (long first = 0; first < count; first += NodesPerBatch)
            {
                var n = (int)Math.Min(NodesPerBatch, count - first);
                var below = await store.ReadHashesAsync(level - Stride, first * Fan, n * Fan, cancellationToken).ConfigureAwait(false);
                if (below.Length != n * Fan * hashSize)
                {
                    throw new InvalidOperationException(
                        $"The audit log of {size} entries lacks stored nodes of level {level - Stride} ({below.Length / hashSize} of {n * Fan} from {first * Fan}): its tree cannot be backfilled.");
                }

                var nodes = new List<AuditNode>(n);
                for (var i = 0; i < n; i++)
                {
                    nodes.Add(new AuditNode(level, first + i, Reduce(hasher, below.AsSpan(i * Fan * hashSize, Fan * hashSize))));
                }

                await store.StoreBackfilledNodesAsync(nodes, complete: false, cancellationToken).ConfigureAwait(false);
                computed += n;
            }
        }

        await store.StoreBackfilledNodesAsync([], complete: true, cancellationToken).ConfigureAwait(false);
        return computed;
    }

    // The root of a complete subtree of Fan hashes, pairing in place.
    private static byte[] Reduce(ITreeHasher hasher, Span<byte> hashes)
    {
        var size = hasher.HashSize;
        for (var width = Fan; width > 1; width /= 2)
        {
            for (var i = 0; i < width / 2; i++)
            {
                hasher.HashChildren(hashes.Slice(2 * i * size, size), hashes.Slice(((2 * i) + 1) * size, size), hashes.Slice(i * size, size));
            }
        }

        return hashes[..size].ToArray();
    }
}
