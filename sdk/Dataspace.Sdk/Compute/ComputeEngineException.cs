namespace Dataspace.Sdk.Compute;

/// <summary>A compute engine refused a request; the message says what was wrong and what was expected.</summary>
public sealed class ComputeEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ComputeEngineException() : base("The compute engine refused the request.") { }

    /// <summary>Creates the exception with its reason.</summary>
    public ComputeEngineException(string message) : base(message) { }

    /// <summary>Creates the exception with its reason and a code.</summary>
    public ComputeEngineException(string code, string message) : base(message) => Code = code;

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public ComputeEngineException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>A short machine-readable code: <c>not-found</c>, <c>invalid</c>, <c>conflict</c>, <c>forbidden</c>.</summary>
    public string Code { get; } = "invalid";
}
