using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Metering;

/// <summary>Metering settings (configuration section <c>Connector:Metering</c>): receipts and their period.</summary>
public sealed class MeteringOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Metering";

    /// <summary>
    /// Whether usage receipts are exchanged with counter-parties (at each transfer's end, and per <see cref="ReceiptPeriod"/>);
    /// usage records are kept either way. Receipts need the connector's DID identity to sign.
    /// </summary>
    public bool Receipts { get; set; } = true;

    /// <summary>
    /// The length of a receipt period; periods are aligned to the Unix epoch (a day runs from 00:00 UTC). At each period's
    /// end the provider exchanges one receipt per agreement used in it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00")]
    public TimeSpan ReceiptPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How many closed receipt periods, counting back from the last, each pass of the period worker checks for agreements
    /// used without a settled receipt (one that failed, or that ended while the connector was down). Older ones are left.
    /// </summary>
    [Range(1, 10_000)]
    public int ReceiptLookbackPeriods { get; set; } = 30;

    /// <summary>
    /// The most usage summaries one counter-party may send to be countersigned per receipt period (per instance), valid or
    /// not; beyond it the receipt endpoint answers 429 until the period ends. A peer needs one per agreement and period, and
    /// one per transfer.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxSummariesPerPeerPerPeriod { get; set; } = 10_000;

    /// <summary>The largest signed summary accepted from a counter-party, in bytes (the request body as a whole).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxSummaryBytes { get; set; } = 16 * 1024;
}
