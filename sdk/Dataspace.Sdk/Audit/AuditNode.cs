namespace Dataspace.Sdk.Audit;

/// <summary>A stored complete-subtree hash of the log's Merkle tree: node <paramref name="Index"/> of <paramref name="Level"/> (a multiple of 8 above the leaves).</summary>
/// <param name="Level">The level (8, 16, ...): the node covers 2^level leaves.</param>
/// <param name="Index">The node's index within its level.</param>
/// <param name="Hash">The node's hash.</param>
public sealed record AuditNode(int Level, long Index, byte[] Hash);
