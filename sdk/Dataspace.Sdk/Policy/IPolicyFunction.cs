namespace Dataspace.Sdk.Policy;

/// <summary>Evaluates constraints on one left operand that the policy engine does not know natively.</summary>
/// <remarks>
/// Called concurrently and on the hot path of every policy decision: implementations must be thread-safe,
/// side-effect free and fast, and must not block on I/O. Throwing is treated as a failed constraint (fail closed).
/// </remarks>
public interface IPolicyFunction
{
    /// <summary>The IRI of the left operand this function evaluates, e.g. <c>https://example.org/vocab/fleetSize</c>.</summary>
    string LeftOperand { get; }

    /// <summary>The scopes in which this function can evaluate its constraint; elsewhere the engine defers it.</summary>
    PolicyScope Scopes { get; }

    /// <summary>Decides whether the constraint in <paramref name="context"/> is satisfied for its request.</summary>
    PolicyFunctionResult Evaluate(PolicyFunctionContext context);
}
