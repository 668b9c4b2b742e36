using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>
/// An audit log entry: its searchable columns, <paramref name="LeafHash"/> (lowercase hex), <paramref name="Data"/> (the exact bytes
/// hashed, base64) and the record those bytes encode (null when they are not JSON).
/// </summary>
public sealed record AuditLogEntry(long Index, DateTimeOffset Time, string Type, string? Actor, string? CounterParty, string? ProcessId, string? AgreementId,
    string LeafHash, string Data, JsonNode? Record);
