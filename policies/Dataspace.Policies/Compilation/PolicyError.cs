namespace Dataspace.Policies.Compilation;

/// <summary>One problem that makes a policy invalid, at the JSON path where it is.</summary>
/// <param name="Path">The JSON path of the problem, e.g. <c>$.permission[0].constraint[1].leftOperand</c>.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record PolicyError(string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Message}";
}
