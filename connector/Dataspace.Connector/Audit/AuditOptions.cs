using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Audit;

/// <summary>The audit log's settings (configuration section <c>Connector:Audit</c>).</summary>
public sealed class AuditOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Audit";

    /// <summary>The tree hash algorithm, <c>sha256</c> (default) or <c>sm3</c>; fixed when the log is created.</summary>
    [Required]
    public string HashAlgorithm { get; set; } = "sha256";

    /// <summary>How often a checkpoint is signed when the log grew.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The checkpoints' origin line; the connector's DID when not set.</summary>
    public string? Origin { get; set; }

    /// <summary>The most entries committed in one transaction.</summary>
    [Range(1, 100_000)]
    public int BatchLimit { get; set; } = 4096;

    /// <summary>The most appends waiting for their commit; further appends wait for room (back-pressure).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 16_384;

    /// <summary>How many complete tiles (16 hashes each) of the tree the proof reader keeps in memory (65,536: 32 MiB with SHA-256).</summary>
    [Range(0, 16_000_000)]
    public int TileCacheSize { get; set; } = 65_536;

    /// <summary>Where checkpoints are anchored besides the database.</summary>
    public AuditAnchorOptions Anchors { get; set; } = new();

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CheckpointInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"Connector:Audit:CheckpointInterval must be positive (e.g. 00:00:01), not {CheckpointInterval}", [nameof(CheckpointInterval)]);
        }

        if (!Evidence.Merkle.TreeHashers.TryGet(HashAlgorithm, out _))
        {
            yield return new ValidationResult($"Connector:Audit:HashAlgorithm '{HashAlgorithm}' is not known; expected sha256 or sm3", [nameof(HashAlgorithm)]);
        }
    }
}
