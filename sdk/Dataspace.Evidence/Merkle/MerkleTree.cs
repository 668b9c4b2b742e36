using System.Numerics;

namespace Dataspace.Evidence.Merkle;

/// <summary>
/// Computes roots, inclusion proofs and consistency proofs (RFC 9162 §2.1) of a log whose complete-subtree hashes are
/// read from a store through <see cref="IMerkleNodeReader"/>.
/// </summary>
public sealed class MerkleTree
{
    /// <summary>Levels stored besides the leaves: every multiple of this (8 = tiles of 256 hashes, as in C2SP tlog-tiles).</summary>
    public const int StoredLevelStride = 8;

    private readonly ITreeHasher _hasher;
    private readonly IMerkleNodeReader _nodes;

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
        await PathAsync(index, 0, size, proof, cancellationToken).ConfigureAwait(false);
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
            await SubProofAsync(firstSize, 0, secondSize, true, proof, cancellationToken).ConfigureAwait(false);
        }

        return proof;
    }

    /// <summary>The hash of the leaves [<paramref name="start"/>, <paramref name="end"/>), a subtree as RFC 9162 splits trees (start aligned to the largest power of two below the width).</summary>
    public async ValueTask<byte[]> SubtreeHashAsync(long start, long end, CancellationToken cancellationToken)
    {
        var width = end - start;
        if (width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"The range [{start}, {end}) is empty.");
        }

        if (BitOperations.IsPow2(width) && start % width == 0)
        {
            var level = BitOperations.Log2((ulong)width);
            return await NodeHashAsync(level, start >> level, cancellationToken).ConfigureAwait(false);
        }

        var split = LargestPowerOfTwoBelow(width);
        if (start % split != 0)
        {
            throw new ArgumentException($"The range [{start}, {end}) is not a subtree of an RFC 9162 tree.", nameof(start));
        }

        var left = await SubtreeHashAsync(start, start + split, cancellationToken).ConfigureAwait(false);
        var right = await SubtreeHashAsync(start + split, end, cancellationToken).ConfigureAwait(false);
        _hasher.HashChildren(left, right, left);
        return left;
    }

    /// <summary>The hash of the complete node <paramref name="index"/> at <paramref name="level"/> (2^level leaves).</summary>
    public async ValueTask<byte[]> NodeHashAsync(int level, long index, CancellationToken cancellationToken)
    {
        var stored = level - (level % StoredLevelStride);
        var below = level - stored;
        var count = 1 << below;
        var hashes = await _nodes.ReadNodesAsync(stored, index << below, count, cancellationToken).ConfigureAwait(false);
        var size = _hasher.HashSize;
        if (hashes.Length != count * size)
        {
            throw new InvalidOperationException($"The store returned {hashes.Length} bytes for {count} hashes of level {stored}.");
        }

        for (var width = count; width > 1; width /= 2)
        {
            for (var i = 0; i < width / 2; i++)
            {
                _hasher.HashChildren(hashes.AsSpan(2 * i * size, size), hashes.AsSpan(((2 * i) + 1) * size, size), hashes.AsSpan(i * size, size));
            }
        }

        return count == 1 ? hashes : hashes.AsSpan(0, size).ToArray();
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2).</summary>
    internal static long LargestPowerOfTwoBelow(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    private async ValueTask PathAsync(long index, long start, long end, List<byte[]> proof, CancellationToken cancellationToken)
    {
        if (end - start == 1)
        {
            return;
        }

        var split = start + LargestPowerOfTwoBelow(end - start);
        if (index < split)
        {
            await PathAsync(index, start, split, proof, cancellationToken).ConfigureAwait(false);
            proof.Add(await SubtreeHashAsync(split, end, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            await PathAsync(index, split, end, proof, cancellationToken).ConfigureAwait(false);
            proof.Add(await SubtreeHashAsync(start, split, cancellationToken).ConfigureAwait(false));
        }
    }

    private async ValueTask SubProofAsync(long m, long start, long end, bool completeSubtree, List<byte[]> proof, CancellationToken cancellationToken)
    {
        if (m == end - start)
        {
            if (!completeSubtree)
            {
                proof.Add(await SubtreeHashAsync(start, end, cancellationToken).ConfigureAwait(false));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(end - start);
        if (m <= k)
        {
            await SubProofAsync(m, start, start + k, completeSubtree, proof, cancellationToken).ConfigureAwait(false);
            proof.Add(await SubtreeHashAsync(start + k, end, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            await SubProofAsync(m - k, start + k, end, false, proof, cancellationToken).ConfigureAwait(false);
            proof.Add(await SubtreeHashAsync(start, start + k, cancellationToken).ConfigureAwait(false));
        }
    }
}
