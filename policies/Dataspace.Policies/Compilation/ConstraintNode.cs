using Dataspace.Policies.Evaluation;

namespace Dataspace.Policies.Compilation;

/// <summary>A compiled constraint: tested on the fast path, explained when a report is asked for.</summary>
internal abstract class ConstraintNode
{
    protected ConstraintNode(string path) => Path = path;

    /// <summary>Where the constraint is in the policy.</summary>
    public string Path { get; }

    /// <summary>The constraint's state for a request, without building a report.</summary>
    public abstract ConstraintState Test(PolicyRequest request);

    /// <summary>The constraint's state for a request, with the observed value and reason.</summary>
    public abstract ConstraintReport Explain(PolicyRequest request);

    /// <summary>Whether a state lets the enclosing rule stay active (a deferred constraint is checked in a later scope).</summary>
    public static bool Holds(ConstraintState state) => state is ConstraintState.Satisfied or ConstraintState.Deferred;

    /// <summary>Whether every constraint holds, stopping at the first that does not.</summary>
    public static bool AllHold(ConstraintNode[] nodes, PolicyRequest request)
    {
        foreach (var node in nodes)
        {
            if (!Holds(node.Test(request)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Explains every constraint.</summary>
    public static ConstraintReport[] ExplainAll(ConstraintNode[] nodes, PolicyRequest request)
    {
        var reports = new ConstraintReport[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            reports[i] = nodes[i].Explain(request);
        }

        return reports;
    }
}
