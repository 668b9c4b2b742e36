namespace Dataspace.Sdk.Audit;

/// <summary>A stored audit entry: its leaf data exactly as hashed, its leaf hash, and the columns it is searched by.</summary>
public sealed record AuditEntry
{
    /// <summary>The entry's index in the log (its leaf index), from 0.</summary>
    public required long Index { get; init; }

    /// <summary>When it was appended (UTC, to the millisecond), as written in its leaf data.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The leaf data: the encoded entry, stored and hashed byte for byte (never re-serialized).</summary>
    public required byte[] Data { get; init; }

    /// <summary>The RFC 9162 leaf hash of <see cref="Data"/>.</summary>
    public required byte[] LeafHash { get; init; }

    /// <summary>The record's type (<see cref="AuditRecord.Type"/>).</summary>
    public required string Type { get; init; }

    /// <summary>Who caused it (<see cref="AuditRecord.Actor"/>).</summary>
    public string? Actor { get; init; }

    /// <summary>The other party (<see cref="AuditRecord.CounterParty"/>).</summary>
    public string? CounterParty { get; init; }

    /// <summary>The process it belongs to (<see cref="AuditRecord.ProcessId"/>).</summary>
    public string? ProcessId { get; init; }

    /// <summary>The agreement it belongs to (<see cref="AuditRecord.AgreementId"/>).</summary>
    public string? AgreementId { get; init; }
}
