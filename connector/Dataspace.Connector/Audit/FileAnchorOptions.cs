namespace Dataspace.Connector.Audit;

/// <summary>The append-only file anchor (configuration section <c>Connector:Audit:Anchors:File</c>).</summary>
public sealed class FileAnchorOptions
{
    /// <summary>The file checkpoints are appended to; the anchor is off when not set.</summary>
    public string? Path { get; set; }
}
