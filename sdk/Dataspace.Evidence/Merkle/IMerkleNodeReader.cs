namespace Dataspace.Evidence.Merkle;

/// <summary>Reads the stored hashes of complete subtrees of a log: leaf hashes (level 0) and every level that is a multiple of <see cref="MerkleTree.StoredLevelStride"/>.</summary>
/// <remarks>
/// Levels in between are recomputed (at most 15 hashes per node), as in C2SP tlog-tiles with narrower tiles, so a store keeps
/// about 1/15 more hashes than its leaf hashes. Called concurrently.
/// </remarks>
public interface IMerkleNodeReader
{
    /// <summary>
    /// The hashes of the complete nodes <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1
    /// at a stored <paramref name="level"/>, concatenated (count × hash size bytes).
    /// </summary>
    /// <exception cref="InvalidOperationException">A requested node is not stored (the tree is smaller than asked).</exception>
    ValueTask<byte[]> ReadNodesAsync(int level, long first, int count, CancellationToken cancellationToken);
}
