using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Metering;

/// <summary>
/// Both parties' signed usage summaries of one agreement over one scope (a transfer, or a period): agreed when their
/// figures match, disputed (both figures kept) when they differ.
/// </summary>
public sealed record UsageReceipt
{
    /// <summary>The receipt's id, the same on both sides (derived from the agreement and the scope).</summary>
    public required string Id { get; init; }

    /// <summary>The agreement.</summary>
    public required string AgreementId { get; init; }

    /// <summary>The transfer (provider's process id) the receipt covers; null for a period receipt.</summary>
    public string? TransferId { get; init; }

    /// <summary>The other party.</summary>
    public required string CounterPartyId { get; init; }

    /// <summary>Our role in the agreement.</summary>
    public required ProcessRole Role { get; init; }

    /// <summary>Start of the period covered (inclusive).</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>End of the period covered (exclusive).</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Our figures.</summary>
    public required UsageTotals Ours { get; init; }

    /// <summary>Our signed summary (compact JWS).</summary>
    public required string OurSignature { get; init; }

    /// <summary>The counter-party's figures; null until received.</summary>
    public UsageTotals? Theirs { get; init; }

    /// <summary>The counter-party's signed summary (compact JWS), verified before it was stored; null until received.</summary>
    public string? TheirSignature { get; init; }

    /// <summary>Where the receipt stands.</summary>
    public required ReceiptState State { get; init; }

    /// <summary>Why the counter-party's summary is missing (when <see cref="ReceiptState.Unconfirmed"/>).</summary>
    public string? Note { get; init; }

    /// <summary>When the receipt was last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
