using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Metering;

/// <summary>What one counter-party owes (or is owed) for one period and one currency, priced from the agreements' compensate duties.</summary>
public sealed record UsageStatement
{
    /// <summary>The statement's id.</summary>
    public required string Id { get; init; }

    /// <summary>The other party.</summary>
    public required string CounterPartyId { get; init; }

    /// <summary>Our role: provider (we charge) or consumer (we are charged).</summary>
    public required ProcessRole Role { get; init; }

    /// <summary>Start of the period (inclusive).</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>End of the period (exclusive).</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>The currency of every line.</summary>
    public required string Currency { get; init; }

    /// <summary>The sum of the lines.</summary>
    public required decimal Total { get; init; }

    /// <summary>One line per agreement charged.</summary>
    public required IReadOnlyList<StatementLine> Lines { get; init; }

    /// <summary>Open or paid.</summary>
    public required StatementState State { get; init; }

    /// <summary>When it was paid; null while open.</summary>
    public DateTimeOffset? PaidAt { get; init; }

    /// <summary>The payment's reference (e.g. the bank transfer's), as the operator recorded it.</summary>
    public string? PaymentReference { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
