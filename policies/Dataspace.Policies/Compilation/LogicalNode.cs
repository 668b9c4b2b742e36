using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;

namespace Dataspace.Policies.Compilation;

/// <summary>A logical constraint over compiled operands, in three-valued logic (satisfied, not satisfied, deferred).</summary>
internal sealed class LogicalNode : ConstraintNode
{
    private readonly LogicalOperator _operator;
    private readonly ConstraintNode[] _operands;

    public LogicalNode(string path, LogicalOperator op, ConstraintNode[] operands)
        : base(path)
    {
        _operator = op;
        _operands = operands;
    }

    public override ConstraintState Test(PolicyRequest request)
    {
        var satisfied = 0;
        var deferred = 0;
        foreach (var operand in _operands)
        {
            var state = operand.Test(request);
            if (state == ConstraintState.Satisfied)
            {
                satisfied++;
                if (_operator == LogicalOperator.Or)
                {
                    return ConstraintState.Satisfied;
                }
            }
            else if (state == ConstraintState.Deferred)
            {
                deferred++;
            }
            else if (_operator is LogicalOperator.And or LogicalOperator.AndSequence)
            {
                return ConstraintState.NotSatisfied;
            }
        }

        return Combine(satisfied, deferred);
    }

    public override ConstraintReport Explain(PolicyRequest request)
    {
        var reports = new ConstraintReport[_operands.Length];
        var satisfied = 0;
        var deferred = 0;
        var stopped = false;
        for (var i = 0; i < _operands.Length; i++)
        {
            if (stopped)
            {
                reports[i] = new ConstraintReport
                {
                    Path = _operands[i].Path,
                    Operator = "(not evaluated)",
                    State = ConstraintState.NotEvaluated,
                    Reason = "an earlier operand of the andSequence is not satisfied",
                };
                continue;
            }

            reports[i] = _operands[i].Explain(request);
            switch (reports[i].State)
            {
                case ConstraintState.Satisfied:
                    satisfied++;
                    break;
                case ConstraintState.Deferred:
                    deferred++;
                    break;
                default:
                    stopped = _operator == LogicalOperator.AndSequence;
                    break;
            }
        }

        var state = _operator is LogicalOperator.And or LogicalOperator.AndSequence && satisfied + deferred < _operands.Length
            ? ConstraintState.NotSatisfied
            : Combine(satisfied, deferred);
        return new ConstraintReport
        {
            Path = Path,
            Operator = Iris.Of(_operator),
            State = state,
            Reason = state == ConstraintState.NotSatisfied ? Explain(satisfied) : null,
            Constraints = reports,
        };
    }

    private ConstraintState Combine(int satisfied, int deferred) => _operator switch
    {
        LogicalOperator.And or LogicalOperator.AndSequence => deferred > 0 ? ConstraintState.Deferred : ConstraintState.Satisfied,
        LogicalOperator.Or => satisfied > 0 ? ConstraintState.Satisfied : deferred > 0 ? ConstraintState.Deferred : ConstraintState.NotSatisfied,
        _ => satisfied > 1 ? ConstraintState.NotSatisfied
            : deferred > 0 ? ConstraintState.Deferred
            : satisfied == 1 ? ConstraintState.Satisfied : ConstraintState.NotSatisfied,
    };

    private string Explain(int satisfied) => _operator switch
    {
        LogicalOperator.And => "not every operand of the and is satisfied",
        LogicalOperator.AndSequence => "an operand of the andSequence is not satisfied",
        LogicalOperator.Or => "no operand of the or is satisfied",
        _ => satisfied > 1 ? $"{satisfied} operands of the xone are satisfied, exactly one must be" : "no operand of the xone is satisfied",
    };
}
