namespace Dataspace.Conformance.Configuration;

/// <summary>A configuration file that cannot be read: the message names the file, the line when there is one, and what was expected.</summary>
public sealed class ConfigurationFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigurationFileException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ConfigurationFileException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ConfigurationFileException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a line of a file.</summary>
    public ConfigurationFileException(string source, int line, string problem)
        : base($"{source}, line {line}: {problem}") => Line = line;

    /// <summary>The 1-based line of the problem, or null when it is not about one line.</summary>
    public int? Line { get; }
}
