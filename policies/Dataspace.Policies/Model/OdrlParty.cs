namespace Dataspace.Policies.Model;

/// <summary>An assigner or assignee: a party or a party collection.</summary>
public sealed record OdrlParty
{
    /// <summary>Creates a party from its identifier.</summary>
    public OdrlParty(string uid) => Uid = uid;

    /// <summary>The party's identifier (normally a DID) or the collection's identifier.</summary>
    public string Uid { get; init; }

    /// <summary>Whether this is an odrl:PartyCollection (matches its members).</summary>
    public bool IsCollection { get; init; }

    /// <summary>Constraints a requesting party must satisfy to be a member of the collection.</summary>
    public IReadOnlyList<OdrlConstraint> Refinements { get; init; } = [];
}
