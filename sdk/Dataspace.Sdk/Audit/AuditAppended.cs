namespace Dataspace.Sdk.Audit;

/// <summary>Where an appended entry landed: its index in the log and its leaf hash (lowercase hex).</summary>
public sealed record AuditAppended(long Index, string LeafHash);
