namespace Dataspace.Sdk.Audit;

/// <summary>A stored complete-subtree hash of the log's Merkle tree: node <paramref name="Index"/> of <paramref name="Level"/> (a multiple of <see cref="StoredLevelStride"/> above the leaves).</summary>
/// <param name="Level">The level (4, 8, 12, ...): the node covers 2^level leaves.</param>
/// <param name="Index">The node's index within its level.</param>
/// <param name="Hash">The node's hash.</param>
public sealed record AuditNode(int Level, long Index, byte[] Hash)
{
    /// <summary>The stored levels are the multiples of this (the same as the Merkle tree's stored level stride).</summary>
    public const int StoredLevelStride = 4;

    /// <summary>The stride of logs written before every 4th level was stored (every 8th), until they are backfilled.</summary>
    public const int LegacyStoredLevelStride = 8;

    /// <summary>Throws when the node is not at a stored level or has no hash.</summary>
    /// <exception cref="ArgumentException">The node is malformed.</exception>
    public static void Validate(AuditNode node, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(node, parameterName);
        if (node.Level <= 0 || node.Level % StoredLevelStride != 0 || node.Index < 0 || node.Hash is null || node.Hash.Length == 0)
        {
            throw new ArgumentException($"An audit tree node is stored at a level that is a positive multiple of {StoredLevelStride} with a hash, not level {node.Level} index {node.Index}.", parameterName);
        }
    }
}
