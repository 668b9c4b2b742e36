namespace Dataspace.Sdk.Audit;

/// <summary>A signed checkpoint of the log as stored: its size, its signed note text (C2SP signed-note), and when it was signed.</summary>
/// <param name="Size">The tree size it commits to.</param>
/// <param name="Note">The signed note, exactly as signed (body, blank line, signature lines).</param>
/// <param name="CreatedAt">When it was signed.</param>
public sealed record AuditCheckpointRecord(long Size, string Note, DateTimeOffset CreatedAt);
