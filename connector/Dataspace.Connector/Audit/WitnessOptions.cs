using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Audit;

/// <summary>Witnessing settings (<c>Connector:Audit:Witness</c>): whether agreements' checkpoints are sent to the counter-party to co-sign, and how often that is tried.</summary>
internal sealed class WitnessOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Audit:Witness";

    /// <summary>Whether to ask counter-parties to witness; on by default with a DCP identity (a DID key), impossible without one.</summary>
    public bool? Enabled { get; set; }

    /// <summary>How often pending requests are looked at.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times one agreement's witnessing is tried before it is given up (and the failure recorded).</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 20;

    /// <summary>The longest wait between two attempts (they back off exponentially up to this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
}
