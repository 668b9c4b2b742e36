namespace Dataspace.Connector.Client;

/// <summary>
/// A signed checkpoint of the audit log's tree: its size, root (base64), hash algorithm, the signed note (witnesses'
/// cosignatures included) and how many witnesses cosigned it.
/// </summary>
public sealed record AuditLogCheckpoint(long Size, string Root, string HashAlgorithm, string Note, DateTimeOffset CreatedAt, int Cosignatures);
