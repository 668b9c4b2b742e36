using Dataspace.Policies.Model;

namespace Dataspace.Policies.Evaluation;

/// <summary>How one permission or prohibition was evaluated.</summary>
public sealed record RuleReport
{
    /// <summary>Where the rule is in the policy, as a JSON path.</summary>
    public required string Path { get; init; }

    /// <summary>Permission or prohibition.</summary>
    public required RuleKind Kind { get; init; }

    /// <summary>The rule's uid, when it has one.</summary>
    public string? Uid { get; init; }

    /// <summary>The rule's action.</summary>
    public required string Action { get; init; }

    /// <summary>The rule's activation state.</summary>
    public required RuleState State { get; init; }

    /// <summary>Why the rule does not apply or is not active, when it is not.</summary>
    public string? Reason { get; init; }

    /// <summary>The rule's constraints, action refinements and collection refinements.</summary>
    public IReadOnlyList<ConstraintReport> Constraints { get; init; } = [];

    /// <summary>A permission's duties, or a prohibition's remedies.</summary>
    public IReadOnlyList<DutyReport> Duties { get; init; } = [];
}
