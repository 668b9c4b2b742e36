using System.CommandLine;

namespace Dataspace.Cli.Conformance;

/// <summary><c>dataspace conformance run|verify-certificate|list</c>: certify a connector with the conformance suite.</summary>
internal static class ConformanceCommand
{
    /// <summary>Exit code of a usage or set-up error found before any check runs.</summary>
    public const int UsageError = 2;

    public static Command Create()
    {
        var command = new Command("conformance", "Run the conformance suite against a connector, verify conformance certificates, list the checks.");
        command.Subcommands.Add(ConformanceRunCommand.Create());
        command.Subcommands.Add(VerifyCertificateCommand.Create());
        command.Subcommands.Add(ConformanceListCommand.Create());
        return command;
    }
}
