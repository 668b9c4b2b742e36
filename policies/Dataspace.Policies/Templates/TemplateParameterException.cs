namespace Dataspace.Policies.Templates;

/// <summary>Template parameters were missing or invalid; <see cref="Errors"/> lists each with its parameter path.</summary>
public sealed class TemplateParameterException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public TemplateParameterException(string templateId, IReadOnlyList<string> errors)
        : base($"Invalid parameters for template '{templateId}': {string.Join("; ", errors)}") => Errors = errors;

    /// <summary>Creates the exception with a message only.</summary>
    public TemplateParameterException()
        : this("(unknown)", ["invalid parameters"])
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TemplateParameterException(string message)
        : base(message) => Errors = [message];

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TemplateParameterException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    /// <summary>Each problem, starting with the parameter's path (e.g. <c>$.maxUses</c>).</summary>
    public IReadOnlyList<string> Errors { get; }
}
