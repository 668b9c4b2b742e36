namespace Dataspace.Policies.Model;

/// <summary>The target of a rule: an asset or an asset collection.</summary>
public sealed record OdrlAsset
{
    /// <summary>Creates a target from its identifier.</summary>
    public OdrlAsset(string uid) => Uid = uid;

    /// <summary>The asset's or collection's identifier.</summary>
    public string Uid { get; init; }

    /// <summary>Whether this is an odrl:AssetCollection (matches its members).</summary>
    public bool IsCollection { get; init; }

    /// <summary>Constraints a requested asset must satisfy to be a member of the collection.</summary>
    public IReadOnlyList<OdrlConstraint> Refinements { get; init; } = [];
}
