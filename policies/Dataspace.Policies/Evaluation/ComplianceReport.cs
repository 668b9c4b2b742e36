using Dataspace.Policies.Model;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Evaluation;

/// <summary>
/// Why a policy decided as it did, after the W3C ODRL Community Group's formal semantics: per rule its activation state,
/// per constraint its satisfaction state and observed value, per duty its state.
/// </summary>
public sealed record ComplianceReport
{
    /// <summary>The evaluated policy's uid.</summary>
    public required string PolicyUid { get; init; }

    /// <summary>Where the policy was evaluated.</summary>
    public required PolicyScope Scope { get; init; }

    /// <summary>The request's time.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The requested action.</summary>
    public required string Action { get; init; }

    /// <summary>The requested asset.</summary>
    public required string Target { get; init; }

    /// <summary>The requesting party.</summary>
    public required string Party { get; init; }

    /// <summary>The policy's conflict strategy.</summary>
    public required ConflictStrategy Conflict { get; init; }

    /// <summary>The decision.</summary>
    public required PolicyDecision Decision { get; init; }

    /// <summary>A one-line reason for the decision.</summary>
    public required string Reason { get; init; }

    /// <summary>Every permission and prohibition, in policy order.</summary>
    public required IReadOnlyList<RuleReport> Rules { get; init; }

    /// <summary>Every obligation.</summary>
    public required IReadOnlyList<DutyReport> Obligations { get; init; }
}
