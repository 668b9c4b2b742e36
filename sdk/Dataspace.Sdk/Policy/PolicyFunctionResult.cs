namespace Dataspace.Sdk.Policy;

/// <summary>The outcome of <see cref="IPolicyFunction.Evaluate"/>: satisfied or not, with what was observed and why.</summary>
public sealed record PolicyFunctionResult
{
    private PolicyFunctionResult() { }

    /// <summary>Whether the constraint is satisfied.</summary>
    public bool IsSatisfied { get; private init; }

    /// <summary>Whether the function could not decide (missing data, fault); the engine treats it as not satisfied.</summary>
    public bool IsError { get; private init; }

    /// <summary>The left-operand value the function observed, shown in the compliance report.</summary>
    public string? Observed { get; private init; }

    /// <summary>Why the constraint is not satisfied or could not be decided.</summary>
    public string? Reason { get; private init; }

    /// <summary>The constraint is satisfied.</summary>
    public static PolicyFunctionResult Satisfied(string? observed) => new() { IsSatisfied = true, Observed = observed };

    /// <summary>The constraint is not satisfied, with the observed value and a reason.</summary>
    public static PolicyFunctionResult NotSatisfied(string? observed, string reason) => new() { Observed = observed, Reason = reason };

    /// <summary>The function could not decide; the constraint fails closed.</summary>
    public static PolicyFunctionResult Error(string reason) => new() { IsError = true, Reason = reason };
}
