using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Metering;

/// <summary>Which usage records to list or add up; every member left null matches all.</summary>
public sealed record UsageQuery
{
    /// <summary>Only this agreement's records.</summary>
    public string? AgreementId { get; init; }

    /// <summary>Only this transfer's records (the provider's process id).</summary>
    public string? TransferId { get; init; }

    /// <summary>Only records with this counter-party.</summary>
    public string? CounterPartyId { get; init; }

    /// <summary>Only records where we play this role.</summary>
    public ProcessRole? Role { get; init; }

    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this time (exclusive).</summary>
    public DateTimeOffset? To { get; init; }
}
