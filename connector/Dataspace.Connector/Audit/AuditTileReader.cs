using Dataspace.Evidence.Merkle;
using Dataspace.Sdk.Audit;

namespace Dataspace.Connector.Audit;

/// <summary>
/// Reads the log's stored tree hashes for <see cref="MerkleTree"/>, a tile (16 hashes of one stored level) at a time,
/// keeping complete tiles in memory: they never change, so proofs near each other cost no database reads.
/// </summary>
/// <remarks>
/// Called concurrently. The cache is direct-mapped (a tile's slot is fixed by its position), so it is bounded, needs no
/// lock, and a collision only evicts.
/// </remarks>
internal sealed class AuditTileReader : IMerkleNodeReader
{
    private const int TileWidth = MerkleTree.TileWidth;
    private readonly IAuditLogStore _store;
    private readonly int _hashSize;
    private readonly Tile?[] _slots;

    public AuditTileReader(IAuditLogStore store, int hashSize, int cachedTiles)
    {
        _store = store;
        _hashSize = hashSize;
        _slots = new Tile?[cachedTiles];
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]> ReadNodesAsync(int level, long first, int count, CancellationToken cancellationToken)
    {
        if (level % MerkleTree.StoredLevelStride != 0 || first < 0 || count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), $"Nodes {first}+{count} of level {level} are not a stored range.");
        }

        var tileIndex = first / TileWidth;
        if (count == 0 || (first + count - 1) / TileWidth != tileIndex || _slots.Length == 0)
        {
            return await ReadExactAsync(level, first, count, cancellationToken).ConfigureAwait(false);
        }

        var slot = (int)((((ulong)tileIndex * 0x9E3779B97F4A7C15UL) ^ (ulong)level) % (ulong)_slots.Length);
        var tile = Volatile.Read(ref _slots[slot]);
        if (tile is null || tile.Level != level || tile.Index != tileIndex)
        {
            var hashes = await _store.ReadHashesAsync(level, tileIndex * TileWidth, TileWidth, cancellationToken).ConfigureAwait(false);
            if (hashes.Length != TileWidth * _hashSize)
            {
                // The tile is the log's right edge, still growing: read what was asked, keep nothing.
                return Slice(hashes, level, tileIndex * TileWidth, first, count);
            }

            tile = new Tile(level, tileIndex, hashes);
            Volatile.Write(ref _slots[slot], tile);
        }

        return Slice(tile.Hashes, level, tileIndex * TileWidth, first, count);
    }

    private async ValueTask<byte[]> ReadExactAsync(int level, long first, int count, CancellationToken cancellationToken)
    {
        var hashes = await _store.ReadHashesAsync(level, first, count, cancellationToken).ConfigureAwait(false);
        return hashes.Length == count * _hashSize ? hashes : throw Missing(level, first, count);
    }

    private byte[] Slice(byte[] hashes, int level, long tileStart, long first, int count)
    {
        var start = (int)(first - tileStart) * _hashSize;
        var length = count * _hashSize;
        return start + length <= hashes.Length
            ? hashes.AsSpan(start, length).ToArray()
            : throw Missing(level, first, count);
    }

    private static InvalidOperationException Missing(int level, long first, int count) =>
        new($"Nodes {first}..{first + count - 1} of level {level} are not in the audit log (the tree is smaller than asked).");

    private sealed record Tile(int Level, long Index, byte[] Hashes);
}
