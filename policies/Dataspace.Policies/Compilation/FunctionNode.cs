using System.Text.Json;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Compilation;

/// <summary>A constraint evaluated by a C# <see cref="IPolicyFunction"/> or a JavaScript function.</summary>
internal sealed class FunctionNode : ConstraintNode
{
    private readonly IPolicyFunction _function;
    private readonly AtomicConstraint _constraint;
    private readonly string _operator;
    private readonly JsonElement _right;

    public FunctionNode(string path, AtomicConstraint constraint, IPolicyFunction function)
        : base(path)
    {
        _constraint = constraint;
        _function = function;
        _operator = Iris.Of(constraint.Operator);
        _right = PolicyValueJson.ToElement(constraint.RightOperand);
    }

    public override ConstraintState Test(PolicyRequest request)
    {
        if ((request.Scope & _function.Scopes) == 0)
        {
            return ConstraintState.Deferred;
        }

        var result = Run(request);
        return result.IsError ? ConstraintState.Error : result.IsSatisfied ? ConstraintState.Satisfied : ConstraintState.NotSatisfied;
    }

    public override ConstraintReport Explain(PolicyRequest request)
    {
        var report = new ConstraintReport
        {
            Path = Path,
            LeftOperand = _constraint.LeftOperand,
            Operator = _operator,
            RightOperand = _constraint.RightOperand.ToString(),
            State = ConstraintState.Deferred,
        };
        if ((request.Scope & _function.Scopes) == 0)
        {
            return report with { Reason = $"{_constraint.LeftOperand} is evaluated in scope {_function.Scopes}, not {request.Scope}" };
        }

        var result = Run(request);
        return report with
        {
            Observed = result.Observed,
            State = result.IsError ? ConstraintState.Error : result.IsSatisfied ? ConstraintState.Satisfied : ConstraintState.NotSatisfied,
            Reason = result.IsSatisfied ? null : result.Reason ?? $"{_constraint.LeftOperand} is not satisfied",
        };
    }

    private PolicyFunctionResult Run(PolicyRequest request)
    {
        var context = new PolicyFunctionContext
        {
            Scope = request.Scope,
            LeftOperand = _constraint.LeftOperand,
            Operator = _operator,
            RightOperand = _right,
            Unit = _constraint.Unit,
            PartyId = request.Party.Id,
            Claims = request.Party.Claims,
            Action = request.Action,
            Target = request.Target,
            Purpose = request.Purpose,
            Location = request.Location,
            Recipient = request.Recipient,
            Industry = request.Industry,
            Event = request.Event,
            UsageCount = request.UsageCount,
            Time = request.Time,
        };
        try
        {
            return _function.Evaluate(context) ?? PolicyFunctionResult.Error($"the function for {_constraint.LeftOperand} returned no result");
        }
#pragma warning disable CA1031 // A faulty plugin function must fail its constraint (closed), not the whole evaluation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return PolicyFunctionResult.Error($"the function for {_constraint.LeftOperand} threw {ex.GetType().Name}: {ex.Message}");
        }
    }
}
