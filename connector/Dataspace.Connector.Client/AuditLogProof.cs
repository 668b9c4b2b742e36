namespace Dataspace.Connector.Client;

/// <summary>An audit entry with its RFC 9162 inclusion proof (base64 hashes) against <paramref name="Checkpoint"/>.</summary>
public sealed record AuditLogProof(AuditLogEntry Entry, AuditLogCheckpoint Checkpoint, IReadOnlyList<string> InclusionProof);
