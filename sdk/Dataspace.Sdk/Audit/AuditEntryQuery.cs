namespace Dataspace.Sdk.Audit;

/// <summary>Which audit entries to find: every filter given must match; paged by index.</summary>
public sealed record AuditEntryQuery
{
    /// <summary>The most entries one query returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The record type.</summary>
    public string? Type { get; init; }

    /// <summary>Who caused it.</summary>
    public string? Actor { get; init; }

    /// <summary>The other party.</summary>
    public string? CounterParty { get; init; }

    /// <summary>The process.</summary>
    public string? ProcessId { get; init; }

    /// <summary>The agreement.</summary>
    public string? AgreementId { get; init; }

    /// <summary>Appended at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Appended before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only entries with an index at least this (the next page starts after the last index returned).</summary>
    public long FromIndex { get; init; }

    /// <summary>The most entries to return (1 to <see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Throws when the limit or index is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is out of range.</exception>
    public void Validate()
    {
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"An audit query returns 1 to {MaxLimit} entries.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(FromIndex, nameof(FromIndex));
    }
}
