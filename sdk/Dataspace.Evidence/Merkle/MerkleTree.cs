using System.Numerics;

namespace Dataspace.Evidence.Merkle;

/// <summary>
/// Computes roots, inclusion proofs and consistency proofs (RFC 9162 §2.1) of a log whose complete-subtree hashes are
/// read from a store through <see cref="IMerkleNodeReader"/>.
/// </summary>
public sealed class MerkleTree
{
    /// <summary>
    /// Levels stored besides the leaves: every multiple of this (4 = tiles of 16 hashes), so a node below a stored level is
    /// recomputed from at most 16 stored hashes and a proof at 10 million leaves needs six small reads and about 90 hashes.
    /// </summary>
    /// <remarks>Logs written with every 8th level stored are backfilled to this stride when they are opened.</remarks>
    public const int StoredLevelStride = 4;

    /// <summary>The hashes in one tile of a stored level: 2^<see cref="StoredLevelStride"/>.</summary>
    public const int TileWidth = 1 << StoredLevelStride;

    private const int TileCacheCapacity = 4096;

    private readonly ITreeHasher _hasher;
    private readonly IMerkleNodeReader _nodes;

    // Every level inside a complete tile of the upper bands (stored level 2 × stride and above), computed once: every proof
    // crosses the same few of them. The first band above the leaves has one tile per 256 leaves, too many to keep (they
    // are read, 16 hashes, and recomputed). Complete tiles never change; the cache is emptied when full (at most 4,096
    // tiles × 31 hashes, 4 MiB with SHA-256).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Level, long Tile), byte[]> _tiles = new();

    /// <summary>A tree over the nodes <paramref name="nodes"/> holds, hashed with <paramref name="hasher"/>.</summary>
    public MerkleTree(ITreeHasher hasher, IMerkleNodeReader nodes)
    {
        _hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));
        _nodes = nodes ?? throw new ArgumentNullException(nameof(nodes));
    }

    /// <summary>The hash function of the tree.</summary>
    public ITreeHasher Hasher => _hasher;

    /// <summary>The root hash of the first <paramref name="size"/> leaves (the empty root for 0).</summary>
    public async ValueTask<byte[]> RootAsync(long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0 ? _hasher.EmptyRoot.ToArray() : await SubtreeHashAsync(0, size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves (RFC 9162 §2.1.3.1).</summary>
    public async ValueTask<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf {index} is not in a tree of {size} leaves.");
        }

        var proof = new List<byte[]>();
        await PathAsync(index, 0, size, size, proof, cancellationToken).ConfigureAwait(false);
        return proof;
    }

    /// <summary>The proof that the tree of <paramref name="firstSize"/> leaves is a prefix of the tree of <paramref name="secondSize"/> (RFC 9162 §2.1.4.1).</summary>
    public async ValueTask<IReadOnlyList<byte[]>> ConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken)
    {
        if (firstSize < 0 || firstSize > secondSize)
        {
            throw new ArgumentOutOfRangeException(nameof(firstSize), firstSize, $"A tree of {firstSize} leaves cannot be a prefix of one of {secondSize}.");
        }

        var proof = new List<byte[]>();
        if (firstSize > 0 && firstSize < secondSize)
        {
            await SubProofAsync(firstSize, 0, secondSize, secondSize, true, proof, cancellationToken).ConfigureAwait(false);
        }

        return proof;
    }

    /// <summary>The hash of the leaves [<paramref name="start"/>, <paramref name="end"/>), a subtree as RFC 9162 splits trees (start aligned to the largest power of two below the width).</summary>
    public ValueTask<byte[]> SubtreeHashAsync(long start, long end, CancellationToken cancellationToken) =>
        SubtreeAsync(start, end, end, cancellationToken);

    /// <summary>The hash of the complete node <paramref name="index"/> at <paramref name="level"/> (2^level leaves).</summary>
    public ValueTask<byte[]> NodeHashAsync(int level, long index, CancellationToken cancellationToken) =>
        NodeAsync(level, index, (index + 1) << level, cancellationToken);

    // size: a tree size the store is known to hold (the caller's), so tiles within it are complete.
    private async ValueTask<byte[]> SubtreeAsync(long start, long end, long size, CancellationToken cancellationToken)
    {
        var width = end - start;
        if (width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"The range [{start}, {end}) is empty.");
        }

        if (BitOperations.IsPow2(width) && start % width == 0)
        {
            var level = BitOperations.Log2((ulong)width);
            return await NodeAsync(level, start >> level, size, cancellationToken).ConfigureAwait(false);
        }

        var split = LargestPowerOfTwoBelow(width);
        if (start % split != 0)
        {
            throw new ArgumentException($"The range [{start}, {end}) is not a subtree of an RFC 9162 tree.", nameof(start));
        }

        var left = await SubtreeAsync(start, start + split, size, cancellationToken).ConfigureAwait(false);
        var right = await SubtreeAsync(start + split, end, size, cancellationToken).ConfigureAwait(false);
        _hasher.HashChildren(left, right, left);
        return left;
    }

    private async ValueTask<byte[]> NodeAsync(int level, long index, long size, CancellationToken cancellationToken)
    {
        var stored = level - (level % StoredLevelStride);
        var below = level - stored;
        var hashSize = _hasher.HashSize;
        var tile = (index << below) / TileWidth;
        if (stored > StoredLevelStride && level < 62 && (tile + 1) << (StoredLevelStride + stored) <= size)
        {
            if (!_tiles.TryGetValue((stored, tile), out var levels))
            {
                levels = await ComputeTileAsync(stored, tile, cancellationToken).ConfigureAwait(false);
                if (_tiles.Count >= TileCacheCapacity)
                {
                    _tiles.Clear();
                }

                _tiles[(stored, tile)] = levels;
            }

            var offset = (2 * TileWidth) - (2 * (TileWidth >> below)); // hashes of the levels below this one
            var local = index - (tile * (TileWidth >> below));
            return levels.AsSpan((int)((offset + local) * hashSize), hashSize).ToArray();
        }

        var count = 1 << below;
        var hashes = await _nodes.ReadNodesAsync(stored, index << below, count, cancellationToken).ConfigureAwait(false);
        if (hashes.Length != count * hashSize)
        {
            throw new InvalidOperationException($"The store returned {hashes.Length} bytes for {count} hashes of level {stored}.");
        }

        for (var width = count; width > 1; width /= 2)
        {
            for (var i = 0; i < width / 2; i++)
            {
                _hasher.HashChildren(hashes.AsSpan(2 * i * hashSize, hashSize), hashes.AsSpan(((2 * i) + 1) * hashSize, hashSize), hashes.AsSpan(i * hashSize, hashSize));
            }
        }

        return count == 1 ? hashes : hashes.AsSpan(0, hashSize).ToArray();
    }

    // All levels of a complete tile, bottom up: 16 stored hashes, then 8, 4, 2, 1 (31 hashes).
    private async ValueTask<byte[]> ComputeTileAsync(int stored, long tile, CancellationToken cancellationToken)
    {
        var hashSize = _hasher.HashSize;
        var bottom = await _nodes.ReadNodesAsync(stored, tile * TileWidth, TileWidth, cancellationToken).ConfigureAwait(false);
        if (bottom.Length != TileWidth * hashSize)
        {
            throw new InvalidOperationException($"The store returned {bottom.Length} bytes for {TileWidth} hashes of level {stored}.");
        }

        var levels = new byte[((2 * TileWidth) - 1) * hashSize];
        bottom.CopyTo(levels, 0);
        var from = 0;
        for (var width = TileWidth; width > 1; width /= 2)
        {
            var to = from + width;
            for (var i = 0; i < width / 2; i++)
            {
                _hasher.HashChildren(levels.AsSpan((from + (2 * i)) * hashSize, hashSize), levels.AsSpan((from + (2 * i) + 1) * hashSize, hashSize), levels.AsSpan((to + i) * hashSize, hashSize));
            }

            from = to;
        }

        return levels;
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2).</summary>
    internal static long LargestPowerOfTwoBelow(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    private async ValueTask PathAsync(long index, long start, long end, long size, List<byte[]> proof, CancellationToken cancellationToken)
    {
        if (end - start == 1)
        {
            return;
        }

        var split = start + LargestPowerOfTwoBelow(end - start);
        if (index < split)
        {
            await PathAsync(index, start, split, size, proof, cancellationToken).ConfigureAwait(false);
            proof.Add(await SubtreeAsync(split, end, size, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            await PathAsync(index, split, end, size, proof, cancellationToken).ConfigureAwait(false);
            proof.Add(await SubtreeAsync(start, split, size, cancellationToken).ConfigureAwait(false));
        }
    }

    private async ValueTask SubProofAsync(long m, long start, long end, long size, bool completeSubtree, List<byte[]> proof, CancellationToken cancellationToken)
    {
        if (m == end - start)
        {
            if (!completeSubtree)
            {
                proof.Add(await SubtreeAsync(start, end, size, cancellationToken).ConfigureAwait(false));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(end - start);
        if (m <= k)
        {
            await SubProofAsync(m, start, start + k, size, completeSubtree, proof, cancellationToken).ConfigureAwait(false);
            proof.Add(await SubtreeAsync(start + k, end, size, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            await SubProofAsync(m - k, start + k, end, size, false, proof, cancellationToken).ConfigureAwait(false);
            proof.Add(await SubtreeAsync(start, start + k, size, cancellationToken).ConfigureAwait(false));
        }
    }
}
