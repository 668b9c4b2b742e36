namespace Dataspace.Connector.Audit;

/// <summary>Where checkpoints are anchored (configuration section <c>Connector:Audit:Anchors</c>).</summary>
public sealed class AuditAnchorOptions
{
    /// <summary>The append-only file anchor.</summary>
    public FileAnchorOptions File { get; set; } = new();
}
