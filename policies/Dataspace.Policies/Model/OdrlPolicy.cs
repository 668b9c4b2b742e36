namespace Dataspace.Policies.Model;

/// <summary>An ODRL 2.2 policy (Set, Offer or Agreement).</summary>
public sealed record OdrlPolicy
{
    /// <summary>The policy's identifier; empty when the policy is named by where it is stored.</summary>
    public required string Uid { get; init; }

    /// <summary>The policy subclass.</summary>
    public PolicyType Type { get; init; } = PolicyType.Set;

    /// <summary>The conflict strategy; <see cref="ConflictStrategy.Invalid"/> unless stated.</summary>
    public ConflictStrategy Conflict { get; init; } = ConflictStrategy.Invalid;

    /// <summary>The profiles the policy declares.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>Identifiers of parent policies whose rules this policy inherits.</summary>
    public IReadOnlyList<string> InheritFrom { get; init; } = [];

    /// <summary>The policy-level target, applying to every rule that has none.</summary>
    public OdrlAsset? Target { get; init; }

    /// <summary>The policy-level assigner, applying to every rule that has none.</summary>
    public OdrlParty? Assigner { get; init; }

    /// <summary>The policy-level assignee, applying to every rule that has none.</summary>
    public OdrlParty? Assignee { get; init; }

    /// <summary>The permissions.</summary>
    public IReadOnlyList<OdrlRule> Permissions { get; init; } = [];

    /// <summary>The prohibitions.</summary>
    public IReadOnlyList<OdrlRule> Prohibitions { get; init; } = [];

    /// <summary>The obligations (policy-level duties).</summary>
    public IReadOnlyList<OdrlRule> Obligations { get; init; } = [];
}
