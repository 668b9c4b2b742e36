namespace Dataspace.Cli;

/// <summary>An error the user can fix; printed as one line, with <see cref="ExitCode"/>.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = 1) : base(message) => ExitCode = exitCode;

    public CliException() { }

    public CliException(string message, Exception innerException) : base(message, innerException) { }

    public int ExitCode { get; } = 1;
}
