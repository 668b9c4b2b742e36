namespace Dataspace.Evidence.Merkle;

/// <summary>
/// A Merkle log held in memory: leaf hashes and the stored levels, in chunks (no object per hash). For verifying
/// bundles, tests and benchmarks; a connector's log lives in its database.
/// </summary>
/// <remarks>Appends are not thread-safe; reads may run concurrently with each other.</remarks>
public sealed class MemoryMerkleLog : IMerkleNodeReader
{
    private const int ChunkHashes = 1 << 16;
    private readonly ITreeHasher _hasher;
    private readonly List<List<byte[]>> _levels = []; // stored level / stride -> chunks
    private readonly List<long> _counts = [];
    private readonly TreeFrontier _frontier;

    /// <summary>An empty log hashed with <paramref name="hasher"/>.</summary>
    public MemoryMerkleLog(ITreeHasher hasher)
    {
        _hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));
        _frontier = new TreeFrontier(hasher);
        Tree = new MerkleTree(hasher, this);
    }

    /// <summary>The tree over this log, for roots and proofs.</summary>
    public MerkleTree Tree { get; }

    /// <summary>The number of leaves.</summary>
    public long Size => _frontier.Size;

    /// <summary>The current root.</summary>
    public byte[] Root() => _frontier.Root();

    /// <summary>Appends a leaf by its data; returns its index.</summary>
    public long AppendData(ReadOnlySpan<byte> data)
    {
        Span<byte> leaf = stackalloc byte[_hasher.HashSize];
        _hasher.HashLeaf(data, leaf);
        return AppendLeafHash(leaf);
    }

    /// <summary>Appends a leaf by its leaf hash; returns its index.</summary>
    public long AppendLeafHash(ReadOnlySpan<byte> leafHash)
    {
        var index = _frontier.Size;
        _frontier.Append(leafHash, (level, _, hash) => Put(level / MerkleTree.StoredLevelStride, hash));
        Put(0, leafHash);
        return index;
    }

    /// <inheritdoc/>
    public ValueTask<byte[]> ReadNodesAsync(int level, long first, int count, CancellationToken cancellationToken)
    {
        if (level % MerkleTree.StoredLevelStride != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Only levels that are multiples of {MerkleTree.StoredLevelStride} are stored.");
        }

        var band = level / MerkleTree.StoredLevelStride;
        if (first < 0 || count < 0 || band >= _counts.Count || first + count > _counts[band])
        {
            throw new InvalidOperationException($"Nodes {first}..{first + count - 1} of level {level} are not in the log.");
        }

        var size = _hasher.HashSize;
        var result = new byte[count * size];
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            _levels[band][(int)(n / ChunkHashes)].AsSpan((int)(n % ChunkHashes) * size, size).CopyTo(result.AsSpan(i * size));
        }

        return ValueTask.FromResult(result);
    }

    private void Put(int band, ReadOnlySpan<byte> hash)
    {
        while (_levels.Count <= band)
        {
            _levels.Add([]);
            _counts.Add(0);
        }

        var n = _counts[band];
        var chunks = _levels[band];
        if (n % ChunkHashes == 0)
        {
            chunks.Add(new byte[ChunkHashes * _hasher.HashSize]);
        }

        hash.CopyTo(chunks[^1].AsSpan((int)(n % ChunkHashes) * _hasher.HashSize));
        _counts[band] = n + 1;
    }
}
