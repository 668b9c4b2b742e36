using System.Text.Json.Nodes;

namespace Dataspace.Connector.Audit;

/// <summary>An audit entry: its searchable columns, its leaf data (the exact bytes hashed, base64) and the record they encode.</summary>
public sealed record AuditEntryDto(long Index, DateTimeOffset Time, string Type, string? Actor, string? CounterParty, string? ProcessId, string? AgreementId,
    string LeafHash, string Data, JsonNode? Record);

/// <summary>A page of audit entries; <c>next</c> is the <c>fromIndex</c> of the next page (null on the last).</summary>
public sealed record AuditEntryPageDto(IReadOnlyList<AuditEntryDto> Items, long? Next);

/// <summary>An audit entry with its inclusion proof (RFC 9162, base64 hashes) against a signed checkpoint.</summary>
public sealed record AuditEntryProofDto(AuditEntryDto Entry, AuditCheckpointDto Checkpoint, IReadOnlyList<string> InclusionProof);

/// <summary>A signed checkpoint (C2SP signed note, witnesses' cosignatures included) of the log's tree.</summary>
public sealed record AuditCheckpointDto(long Size, string Root, string HashAlgorithm, string Note, DateTimeOffset CreatedAt, int Cosignatures);

/// <summary>A checkpoint with the consistency proof (RFC 9162, base64 hashes) from an earlier size.</summary>
public sealed record AuditConsistencyDto(AuditCheckpointDto Checkpoint, long FromSize, IReadOnlyList<string> ConsistencyProof);
