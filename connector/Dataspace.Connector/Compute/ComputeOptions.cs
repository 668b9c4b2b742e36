using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Compute;

/// <summary>The compute engine's settings (<c>Connector:Compute</c>).</summary>
public sealed class ComputeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Compute";

    /// <summary>Whether a job that fits its agreement is approved without a person; when false every job waits for approval.</summary>
    public bool AutoApprove { get; set; } = true;

    /// <summary>The largest job proposal accepted, in bytes of JSON.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxProposalBytes { get; set; } = 256 * 1024;

    /// <summary>The most tasks a job may have.</summary>
    [Range(1, 1000)]
    public int MaxTasks { get; set; } = 32;

    /// <summary>The most parties a task may have.</summary>
    [Range(2, 1000)]
    public int MaxParties { get; set; } = 64;

    /// <summary>Rows per batch read from an input.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 4096;

    /// <summary>The folder (under the data folder unless absolute) where table and blob outputs are kept.</summary>
    [Required]
    public string OutputDirectory { get; set; } = "compute";

    /// <summary>Folders a consumer's file input may be read from (absolute, or under the data folder); empty allows only the output folder's <c>inputs</c>.</summary>
    public List<string> InputDirectories { get; set; } = [];
}
