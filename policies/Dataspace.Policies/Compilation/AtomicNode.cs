using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Compilation;

/// <summary>A built-in or claim left operand compared with a constant right operand.</summary>
internal sealed class AtomicNode : ConstraintNode
{
    private readonly PolicyScope _scopes;
    private readonly Func<PolicyRequest, PolicyValue> _observe;
    private readonly PolicyValueKind _coerceTo;
    private readonly Func<PolicyValue, bool> _predicate;
    private readonly AtomicConstraint _constraint;
    private readonly string _missing;

    public AtomicNode(
        string path,
        AtomicConstraint constraint,
        PolicyScope scopes,
        Func<PolicyRequest, PolicyValue> observe,
        PolicyValueKind coerceTo,
        Func<PolicyValue, bool> predicate,
        string missing)
        : base(path)
    {
        _constraint = constraint;
        _scopes = scopes;
        _observe = observe;
        _coerceTo = coerceTo;
        _predicate = predicate;
        _missing = missing;
    }

    public override ConstraintState Test(PolicyRequest request)
    {
        if ((request.Scope & _scopes) == 0)
        {
            return ConstraintState.Deferred;
        }

        var observed = _observe(request);
        if (!observed.HasValue)
        {
            return ConstraintState.Unresolved;
        }

        if (_coerceTo != PolicyValueKind.None)
        {
            observed = Comparisons.Coerce(observed, _coerceTo);
            if (!observed.HasValue)
            {
                return ConstraintState.NotSatisfied;
            }
        }

        return _predicate(observed) ? ConstraintState.Satisfied : ConstraintState.NotSatisfied;
    }

    public override ConstraintReport Explain(PolicyRequest request)
    {
        var report = new ConstraintReport
        {
            Path = Path,
            LeftOperand = _constraint.LeftOperand,
            Operator = Iris.Of(_constraint.Operator),
            RightOperand = _constraint.Unit is null ? _constraint.RightOperand.ToString() : $"{_constraint.RightOperand} {_constraint.Unit}",
            State = ConstraintState.Satisfied,
        };
        if ((request.Scope & _scopes) == 0)
        {
            return report with { State = ConstraintState.Deferred, Reason = $"{Name} is evaluated in scope {_scopes}, not {request.Scope}" };
        }

        var raw = _observe(request);
        if (!raw.HasValue)
        {
            return report with { State = ConstraintState.Unresolved, Reason = _missing };
        }

        var observed = _coerceTo == PolicyValueKind.None ? raw : Comparisons.Coerce(raw, _coerceTo);
        if (!observed.HasValue)
        {
            return report with
            {
                State = ConstraintState.NotSatisfied,
                Observed = raw.ToString(),
                Reason = $"{Name} is '{raw}', which is not comparable with {_constraint.RightOperand.Kind} '{_constraint.RightOperand}'",
            };
        }

        return _predicate(observed)
            ? report with { Observed = observed.ToString() }
            : report with
            {
                State = ConstraintState.NotSatisfied,
                Observed = observed.ToString(),
                Reason = $"{Name} is '{observed}', which does not satisfy {Iris.Compact(_constraint.Operator)} {report.RightOperand}",
            };
    }

    private string Name => Iris.Compact(_constraint.LeftOperand);
}
