using Dataspace.Policies.Evaluation;

namespace Dataspace.Policies.Compilation;

/// <summary>Whether a requested asset or party is a rule's target or assignee, or a member of that collection.</summary>
internal sealed class MemberMatcher
{
    private readonly bool _isParty;
    private readonly ConstraintNode[] _refinements;

    public MemberMatcher(string uid, bool isParty, ConstraintNode[] refinements)
    {
        Uid = uid;
        _isParty = isParty;
        _refinements = refinements;
    }

    public string Uid { get; }

    /// <summary>The collection's refinements, explained, for a report on why a request is not a member.</summary>
    public ConstraintReport[] Explain(PolicyRequest request) => ConstraintNode.ExplainAll(_refinements, request);

    public bool Matches(PolicyRequest request)
    {
        var id = _isParty ? request.Party.Id : request.Target;
        if (string.Equals(id, Uid, StringComparison.Ordinal))
        {
            return true;
        }

        // Indexing, not foreach: enumerating an IReadOnlyList allocates on the evaluation path.
        var collections = _isParty ? request.Party.Collections : request.TargetCollections;
        for (var i = 0; i < collections.Count; i++)
        {
            if (string.Equals(collections[i], Uid, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // A collection defined by refinements contains whatever satisfies them.
        return _refinements.Length > 0 && ConstraintNode.AllHold(_refinements, request);
    }
}
