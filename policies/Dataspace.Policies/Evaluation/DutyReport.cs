namespace Dataspace.Policies.Evaluation;

/// <summary>How one duty, obligation, remedy or consequence was evaluated.</summary>
public sealed record DutyReport
{
    /// <summary>Where the duty is in the policy, as a JSON path.</summary>
    public required string Path { get; init; }

    /// <summary>The duty's uid, when it has one.</summary>
    public string? Uid { get; init; }

    /// <summary>The action to perform.</summary>
    public required string Action { get; init; }

    /// <summary>The duty's state.</summary>
    public required DutyState State { get; init; }

    /// <summary>The duty's constraints (bounding when it may be fulfilled) and action refinements.</summary>
    public IReadOnlyList<ConstraintReport> Constraints { get; init; } = [];

    /// <summary>Consequences of a violated duty.</summary>
    public IReadOnlyList<DutyReport> Consequences { get; init; } = [];
}
