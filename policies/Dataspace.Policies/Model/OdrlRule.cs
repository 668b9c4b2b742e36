namespace Dataspace.Policies.Model;

/// <summary>An ODRL rule: a permission, prohibition or duty, with its constraints and dependent duties.</summary>
public sealed record OdrlRule
{
    /// <summary>The kind of rule.</summary>
    public required RuleKind Kind { get; init; }

    /// <summary>The rule's identifier, when it has one.</summary>
    public string? Uid { get; init; }

    /// <summary>The action the rule is about.</summary>
    public required OdrlAction Action { get; init; }

    /// <summary>The asset the rule is about; the policy-level target when null.</summary>
    public OdrlAsset? Target { get; init; }

    /// <summary>The party granting the rule; the policy-level assigner when null.</summary>
    public OdrlParty? Assigner { get; init; }

    /// <summary>The party the rule applies to; the policy-level assignee when null.</summary>
    public OdrlParty? Assignee { get; init; }

    /// <summary>Constraints that must all be satisfied for the rule to be active.</summary>
    public IReadOnlyList<OdrlConstraint> Constraints { get; init; } = [];

    /// <summary>For a permission: duties that must be fulfilled before it may be exercised.</summary>
    public IReadOnlyList<OdrlRule> Duties { get; init; } = [];

    /// <summary>For a prohibition: duties that arise if it is violated.</summary>
    public IReadOnlyList<OdrlRule> Remedies { get; init; } = [];

    /// <summary>For a duty: duties that arise if it is not fulfilled.</summary>
    public IReadOnlyList<OdrlRule> Consequences { get; init; } = [];
}
