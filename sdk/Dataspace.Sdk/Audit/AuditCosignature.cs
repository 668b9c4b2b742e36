namespace Dataspace.Sdk.Audit;

/// <summary>A witness's cosignature of one of the log's checkpoints.</summary>
/// <param name="Size">The size of the checkpoint cosigned.</param>
/// <param name="Witness">The witness's key name (its DID verification method id).</param>
/// <param name="Line">The cosignature line as the witness returned it.</param>
/// <param name="ReceivedAt">When it was received.</param>
public sealed record AuditCosignature(long Size, string Witness, string Line, DateTimeOffset ReceivedAt);
