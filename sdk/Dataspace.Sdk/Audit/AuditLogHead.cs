namespace Dataspace.Sdk.Audit;

/// <summary>The head of a stored audit log: how many entries it has, the tree hash algorithm it was created with, and which tree levels it stores.</summary>
/// <param name="Size">The number of entries.</param>
/// <param name="HashAlgorithm">The tree hash algorithm (<c>sha256</c>, <c>sm3</c>), fixed when the log was created; null before.</param>
/// <param name="StoredLevelStride">
/// The levels whose complete nodes the log stores are the multiples of this: <see cref="AuditNode.StoredLevelStride"/>, or
/// <see cref="AuditNode.LegacyStoredLevelStride"/> for a log written before and not yet backfilled.
/// </param>
public sealed record AuditLogHead(long Size, string? HashAlgorithm, int StoredLevelStride = AuditNode.StoredLevelStride);
