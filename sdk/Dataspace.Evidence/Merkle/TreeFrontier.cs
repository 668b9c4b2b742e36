namespace Dataspace.Evidence.Merkle;

/// <summary>
/// The right edge of a growing tree: the roots of its perfect subtrees, enough to append a leaf, compute the root, and
/// name the complete nodes each append finishes (those a store keeps: every level that is a multiple of
/// <see cref="MerkleTree.StoredLevelStride"/>, above the leaves).
/// </summary>
/// <remarks>Not thread-safe: one appender owns it.</remarks>
public sealed class TreeFrontier
{
    private readonly ITreeHasher _hasher;
    private readonly List<byte[]> _peaks = []; // roots of the perfect subtrees, largest (leftmost) first

    /// <summary>An empty tree.</summary>
    public TreeFrontier(ITreeHasher hasher) => _hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));

    /// <summary>The number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>Restores the frontier of the tree of <paramref name="size"/> leaves from its stored nodes.</summary>
    public static async Task<TreeFrontier> LoadAsync(MerkleTree tree, long size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var frontier = new TreeFrontier(tree.Hasher);
        long start = 0;
        for (var level = 62; level >= 0; level--)
        {
            var width = 1L << level;
            if ((size & width) != 0)
            {
                frontier._peaks.Add(await tree.NodeHashAsync(level, start >> level, cancellationToken).ConfigureAwait(false));
                start += width;
            }
        }

        frontier.Size = size;
        return frontier;
    }

    /// <summary>Appends a leaf by its leaf hash; <paramref name="stored"/> receives each node to store that this append completes (level, index, hash).</summary>
    public void Append(ReadOnlySpan<byte> leafHash, Action<int, long, byte[]>? stored)
    {
        if (leafHash.Length != _hasher.HashSize)
        {
            throw new ArgumentException($"A leaf hash has {_hasher.HashSize} bytes, not {leafHash.Length}.", nameof(leafHash));
        }

        var node = leafHash.ToArray();
        var index = Size;
        var level = 0;
        while ((index & 1) == 1)
        {
            var left = _peaks[^1];
            _peaks.RemoveAt(_peaks.Count - 1);
            var parent = new byte[_hasher.HashSize];
            _hasher.HashChildren(left, node, parent);
            node = parent;
            index >>= 1;
            level++;
            if (level % MerkleTree.StoredLevelStride == 0)
            {
                stored?.Invoke(level, index, node);
            }
        }

        _peaks.Add(node);
        Size++;
    }

    /// <summary>The root hash of the tree as it is now.</summary>
    public byte[] Root()
    {
        if (_peaks.Count == 0)
        {
            return _hasher.EmptyRoot.ToArray();
        }

        var root = _peaks[^1].ToArray();
        for (var i = _peaks.Count - 2; i >= 0; i--)
        {
            _hasher.HashChildren(_peaks[i], root, root);
        }

        return root;
    }

    /// <summary>A copy that can go on independently (e.g. to compute a pending batch's root before it commits).</summary>
    public TreeFrontier Clone()
    {
        var copy = new TreeFrontier(_hasher) { Size = Size };
        copy._peaks.AddRange(_peaks.Select(p => p.ToArray()));
        return copy;
    }
}
