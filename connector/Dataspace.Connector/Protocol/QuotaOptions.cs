using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Protocol;

/// <summary>Per-peer quotas on new negotiations and transfer requests (configuration section <c>Connector:Quotas</c>).</summary>
/// <remarks>
/// Each authenticated participant has a token bucket per kind: it may start <c>Burst</c> processes at once, refilled at
/// <c>PerMinute</c>, and may have at most <c>MaxOpen...PerPeer</c> processes open with us. Over either, the peer gets
/// 429 with Retry-After and a DSP error, and nothing is stored.
/// </remarks>
public sealed class QuotaOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Quotas";

    /// <summary>New negotiations (ContractRequestMessage to /negotiations/request) a peer may start per minute.</summary>
    [Range(1, 1_000_000)]
    public int NegotiationsPerMinute { get; set; } = 600;

    /// <summary>New negotiations a peer may start at once, before the per-minute rate applies.</summary>
    [Range(1, 1_000_000)]
    public int NegotiationBurst { get; set; } = 600;

    /// <summary>New transfer requests (TransferRequestMessage to /transfers/request) a peer may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int TransfersPerMinute { get; set; } = 600;

    /// <summary>New transfer requests a peer may make at once, before the per-minute rate applies.</summary>
    [Range(1, 1_000_000)]
    public int TransferBurst { get; set; } = 600;

    /// <summary>How many negotiations (not FINALIZED or TERMINATED) a peer may have open with us as provider at once.</summary>
    [Range(1, 10_000_000)]
    public int MaxOpenNegotiationsPerPeer { get; set; } = 2_000;

    /// <summary>How many transfers (not COMPLETED or TERMINATED) a peer may have open with us as provider at once.</summary>
    [Range(1, 10_000_000)]
    public int MaxOpenTransfersPerPeer { get; set; } = 2_000;

    /// <summary>How many peers' buckets are kept (least recently seen out first), so the quota table itself stays bounded.</summary>
    [Range(1, 10_000_000)]
    public int MaxTrackedPeers { get; set; } = 10_000;
}
