namespace Dataspace.Policies.Model;

/// <summary>A comparison of a left operand's observed value with a right operand.</summary>
public sealed record AtomicConstraint : OdrlConstraint
{
    /// <summary>The left operand's IRI (ODRL, this engine's vocabulary, <c>claim:</c> or a registered function).</summary>
    public required string LeftOperand { get; init; }

    /// <summary>The operator.</summary>
    public required ConstraintOperator Operator { get; init; }

    /// <summary>The right operand.</summary>
    public required PolicyValue RightOperand { get; init; }

    /// <summary>The unit of the right operand (e.g. a currency), when stated.</summary>
    public string? Unit { get; init; }
}
