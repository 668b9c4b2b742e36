namespace Dataspace.Policies.Compilation;

/// <summary>A policy was rejected at creation; <see cref="Errors"/> says where and why.</summary>
public sealed class PolicyValidationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public PolicyValidationException(IReadOnlyList<PolicyError> errors)
        : base(Format(errors)) => Errors = errors;

    /// <summary>Creates the exception with a message only.</summary>
    public PolicyValidationException()
        : this([new PolicyError("$", "The policy is invalid.")])
    {
    }

    /// <summary>Creates the exception with one problem at the root.</summary>
    public PolicyValidationException(string message)
        : this([new PolicyError("$", message)])
    {
    }

    /// <summary>Creates the exception with one problem at the root and its cause.</summary>
    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException) => Errors = [new PolicyError("$", message)];

    /// <summary>Every problem found, each with its JSON path.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    private static string Format(IReadOnlyList<PolicyError> errors) =>
        errors.Count == 1 ? $"Invalid policy: {errors[0]}" : $"Invalid policy ({errors.Count} problems): {string.Join("; ", errors)}";
}
