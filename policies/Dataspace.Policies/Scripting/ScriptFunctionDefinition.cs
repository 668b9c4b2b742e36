using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Scripting;

/// <summary>A left operand evaluated by a JavaScript function, run in the engine's sandbox.</summary>
/// <remarks>
/// The script defines <see cref="FunctionName"/>, which receives a context object (<c>leftOperand</c>, <c>operator</c>,
/// <c>rightOperand</c>, <c>unit</c>, <c>scope</c>, <c>party.id</c>, <c>party.claims</c>, <c>action</c>, <c>target</c>,
/// <c>purpose</c>, <c>location</c>, <c>recipient</c>, <c>industry</c>, <c>event</c>, <c>usageCount</c>, <c>time</c>) and returns a boolean or
/// <c>{ satisfied, observed, reason }</c>. <c>Date.now()</c> and <c>new Date()</c> return the request's time.
/// </remarks>
public sealed record ScriptFunctionDefinition
{
    /// <summary>The IRI of the left operand the script evaluates.</summary>
    public required string LeftOperand { get; init; }

    /// <summary>The JavaScript source.</summary>
    public required string Source { get; init; }

    /// <summary>The name of the function to call; <c>evaluate</c> unless stated.</summary>
    public string FunctionName { get; init; } = "evaluate";

    /// <summary>The scopes in which the script can evaluate its constraint.</summary>
    public PolicyScope Scopes { get; init; } = PolicyScope.All;
}
