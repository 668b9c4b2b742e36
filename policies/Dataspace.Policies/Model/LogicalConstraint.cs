namespace Dataspace.Policies.Model;

/// <summary>A logical combination of constraints.</summary>
public sealed record LogicalConstraint : OdrlConstraint
{
    /// <summary>The logical operator.</summary>
    public required LogicalOperator Operator { get; init; }

    /// <summary>The operand constraints, in order (order matters for <see cref="LogicalOperator.AndSequence"/>).</summary>
    public required IReadOnlyList<OdrlConstraint> Constraints { get; init; }
}
