namespace Dataspace.Policies.Model;

/// <summary>A constraint or refinement: atomic (<see cref="AtomicConstraint"/>) or logical (<see cref="LogicalConstraint"/>).</summary>
public abstract record OdrlConstraint
{
    /// <summary>The constraint's identifier, when it has one.</summary>
    public string? Uid { get; init; }
}
