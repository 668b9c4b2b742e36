namespace Dataspace.Policies.Evaluation;

/// <summary>How one constraint or refinement was evaluated.</summary>
public sealed record ConstraintReport
{
    /// <summary>Where the constraint is in the policy, as a JSON path.</summary>
    public required string Path { get; init; }

    /// <summary>The left operand's IRI; null for a logical constraint.</summary>
    public string? LeftOperand { get; init; }

    /// <summary>The operator's IRI (a logical operator for a logical constraint).</summary>
    public required string Operator { get; init; }

    /// <summary>The right operand as written; null for a logical constraint.</summary>
    public string? RightOperand { get; init; }

    /// <summary>The observed left-operand value.</summary>
    public string? Observed { get; init; }

    /// <summary>The satisfaction state.</summary>
    public required ConstraintState State { get; init; }

    /// <summary>Why it is not satisfied, when it is not.</summary>
    public string? Reason { get; init; }

    /// <summary>The operands of a logical constraint.</summary>
    public IReadOnlyList<ConstraintReport>? Constraints { get; init; }
}
