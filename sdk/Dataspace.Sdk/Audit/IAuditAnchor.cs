namespace Dataspace.Sdk.Audit;

/// <summary>Sends the log's signed checkpoints somewhere else (a WORM file, a notary, a ledger), so rewriting the log needs more than the operator's database.</summary>
/// <remarks>
/// Called once per new checkpoint, in size order, from one background loop; an anchor that throws is logged and given the
/// next checkpoint as usual (the checkpoint stays stored and signed regardless).
/// </remarks>
public interface IAuditAnchor
{
    /// <summary>The anchor's name, for logs.</summary>
    string Name { get; }

    /// <summary>Anchors the checkpoint: its signed note text, the tree size and root hash it commits to.</summary>
    Task AnchorAsync(AuditAnchorContext context, CancellationToken cancellationToken);
}
