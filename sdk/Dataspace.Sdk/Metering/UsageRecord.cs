using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Metering;

/// <summary>One metered use of data under an agreement, as this connector saw it; each party keeps its own records.</summary>
public sealed record UsageRecord
{
    /// <summary>The agreement the use was made under.</summary>
    public required string AgreementId { get; init; }

    /// <summary>The provider's process id of the transfer (the same on both sides); null for uses outside a transfer.</summary>
    public string? TransferId { get; init; }

    /// <summary>The other party of the agreement (its DID or participant id).</summary>
    public required string CounterPartyId { get; init; }

    /// <summary>The role we play in the agreement.</summary>
    public required ProcessRole Role { get; init; }

    /// <summary>What was used.</summary>
    public required UsageKind Kind { get; init; }

    /// <summary>Bytes delivered (0 when none).</summary>
    public long Bytes { get; init; }

    /// <summary>Requests made (a data access is one).</summary>
    public long Requests { get; init; }

    /// <summary>Rows read or computed on (0 when not known).</summary>
    public long Rows { get; init; }

    /// <summary>The component that computed (a compute job's step); null for data accesses.</summary>
    public string? Component { get; init; }

    /// <summary>How long the use took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>When the use ended.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The store's sequence number; 0 before it is stored.</summary>
    public long Sequence { get; init; }
}
