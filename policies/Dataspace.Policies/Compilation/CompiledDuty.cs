using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Vocabulary;

namespace Dataspace.Policies.Compilation;

/// <summary>A compiled duty, obligation, remedy or consequence.</summary>
/// <remarks>
/// A duty's constraints bound when it may be fulfilled: while they hold an unfulfilled duty is pending, once they
/// no longer hold it is violated. Fulfilment is recorded by the connector in <see cref="PolicyRequest.DutyStates"/>
/// (by uid or action); for compensate, payments that satisfy the action's refinements (payAmount) are evidence.
/// A violated duty whose consequences are all fulfilled is remedied.
/// </remarks>
internal sealed class CompiledDuty
{
    public required string Path { get; init; }

    public string? Uid { get; init; }

    public required string Action { get; init; }

    public required ConstraintNode[] Constraints { get; init; }

    public required ConstraintNode[] Refinements { get; init; }

    public required CompiledDuty[] Consequences { get; init; }

    private bool IsCompensate => string.Equals(Action, Odrl.Compensate, StringComparison.Ordinal);

    public static bool AllowExercise(DutyState state) => state is DutyState.Fulfilled or DutyState.Remedied;

    public DutyState State(PolicyRequest request)
    {
        var recorded = Recorded(request);
        if (recorded == DutyState.Fulfilled || (recorded is null && PaidFor(request)))
        {
            return DutyState.Fulfilled;
        }

        if (recorded == DutyState.Remedied)
        {
            return DutyState.Remedied;
        }

        if (recorded != DutyState.Violated && ConstraintNode.AllHold(Constraints, request))
        {
            return DutyState.Pending;
        }

        if (Consequences.Length == 0)
        {
            return DutyState.Violated;
        }

        foreach (var consequence in Consequences)
        {
            if (consequence.State(request) != DutyState.Fulfilled)
            {
                return DutyState.Violated;
            }
        }

        return DutyState.Remedied;
    }

    public DutyReport Explain(PolicyRequest request)
    {
        var constraints = ConstraintNode.ExplainAll(Constraints, request);
        var refinements = IsCompensate
            ? ConstraintNode.ExplainAll(Refinements, request)
            : Array.ConvertAll(Refinements, node => new ConstraintReport
            {
                Path = node.Path,
                Operator = "(refinement of the duty's action)",
                State = ConstraintState.NotEvaluated,
                Reason = "describes how the duty is to be performed; its fulfilment is recorded by the connector",
            });
        var state = State(request);
        return new DutyReport
        {
            Path = Path,
            Uid = Uid,
            Action = Action,
            State = state,
            Constraints = [.. constraints, .. refinements],
            Consequences = state is DutyState.Violated or DutyState.Remedied ? Array.ConvertAll(Consequences, c => c.Explain(request)) : [],
        };
    }

    private DutyState? Recorded(PolicyRequest request)
    {
        var states = request.DutyStates;
        if (states.Count == 0)
        {
            return null;
        }

        if (Uid is not null && states.TryGetValue(Uid, out var byUid))
        {
            return byUid;
        }

        return states.TryGetValue(Action, out var byAction) ? byAction : null;
    }

    private bool PaidFor(PolicyRequest request)
    {
        if (!IsCompensate || Refinements.Length == 0)
        {
            return false;
        }

        foreach (var refinement in Refinements)
        {
            if (refinement.Test(request) != ConstraintState.Satisfied)
            {
                return false;
            }
        }

        return true;
    }
}
