using System.Collections.Frozen;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;

namespace Dataspace.Policies.Compilation;

/// <summary>A compiled permission or prohibition.</summary>
internal sealed class CompiledRule
{
    public required string Path { get; init; }

    public required RuleKind Kind { get; init; }

    public string? Uid { get; init; }

    public required string Action { get; init; }

    /// <summary>Every requested action (IRI or ODRL term) this rule is about.</summary>
    public required FrozenSet<string> Actions { get; init; }

    public required MemberMatcher? Target { get; init; }

    public required MemberMatcher? Assignee { get; init; }

    /// <summary>The rule's constraints followed by its action's refinements.</summary>
    public required ConstraintNode[] Constraints { get; init; }

    /// <summary>A permission's duties or a prohibition's remedies.</summary>
    public required CompiledDuty[] Duties { get; init; }

    public bool Applies(PolicyRequest request) =>
        Actions.Contains(request.Action)
        && (Target is null || Target.Matches(request))
        && (Assignee is null || Assignee.Matches(request));

    public RuleState State(PolicyRequest request)
    {
        if (!Applies(request))
        {
            return RuleState.NotApplicable;
        }

        if (!ConstraintNode.AllHold(Constraints, request))
        {
            return RuleState.Inactive;
        }

        if (Kind == RuleKind.Permission)
        {
            foreach (var duty in Duties)
            {
                if (!CompiledDuty.AllowExercise(duty.State(request)))
                {
                    return RuleState.Active;
                }
            }

            return RuleState.Exercisable;
        }

        return RuleState.Active;
    }

    public RuleReport Explain(PolicyRequest request)
    {
        var report = new RuleReport { Path = Path, Kind = Kind, Uid = Uid, Action = Action, State = RuleState.NotApplicable };
        if (!Actions.Contains(request.Action))
        {
            return report with { Reason = $"the rule is about {Iris.Compact(Action)}, which does not cover {Iris.Compact(request.Action)}" };
        }

        if (Target is not null && !Target.Matches(request))
        {
            return report with { Constraints = Target.Explain(request), Reason = $"the rule's target {Target.Uid} is not {request.Target} or a collection it belongs to" };
        }

        if (Assignee is not null && !Assignee.Matches(request))
        {
            return report with { Constraints = Assignee.Explain(request), Reason = $"the rule's assignee {Assignee.Uid} is not {request.Party.Id} or a collection it belongs to" };
        }

        var constraints = ConstraintNode.ExplainAll(Constraints, request);
        var failed = Array.Find(constraints, c => !ConstraintNode.Holds(c.State));
        if (failed is not null)
        {
            return report with { State = RuleState.Inactive, Constraints = constraints, Reason = failed.Reason ?? $"constraint {failed.Path} is {failed.State}" };
        }

        var duties = Array.ConvertAll(Duties, duty => duty.Explain(request));
        if (Kind != RuleKind.Permission)
        {
            return report with { State = RuleState.Active, Constraints = constraints, Duties = duties };
        }

        var blocking = Array.Find(duties, duty => !CompiledDuty.AllowExercise(duty.State));
        return blocking is null
            ? report with { State = RuleState.Exercisable, Constraints = constraints, Duties = duties }
            : report with
            {
                State = RuleState.Active,
                Constraints = constraints,
                Duties = duties,
                Reason = $"duty {blocking.Path} ({Iris.Compact(blocking.Action)}) is {blocking.State.ToString().ToLowerInvariant()}; it must be fulfilled before the permission can be exercised",
            };
    }
}
