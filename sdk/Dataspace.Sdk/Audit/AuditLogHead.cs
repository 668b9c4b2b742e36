namespace Dataspace.Sdk.Audit;

/// <summary>The head of a stored audit log: how many entries it has and the tree hash algorithm it was created with.</summary>
/// <param name="Size">The number of entries.</param>
/// <param name="HashAlgorithm">The tree hash algorithm (<c>sha256</c>, <c>sm3</c>), fixed when the log was created; null before.</param>
public sealed record AuditLogHead(long Size, string? HashAlgorithm);
