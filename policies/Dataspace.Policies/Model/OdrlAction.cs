namespace Dataspace.Policies.Model;

/// <summary>An ODRL action, optionally refined by constraints on how it is exercised.</summary>
public sealed record OdrlAction
{
    /// <summary>Creates an action from its IRI.</summary>
    public OdrlAction(string iri) => Iri = iri;

    /// <summary>The action's IRI, e.g. <c>http://www.w3.org/ns/odrl/2/use</c>.</summary>
    public string Iri { get; init; }

    /// <summary>Refinements that narrow the action; all must be satisfied.</summary>
    public IReadOnlyList<OdrlConstraint> Refinements { get; init; } = [];
}
