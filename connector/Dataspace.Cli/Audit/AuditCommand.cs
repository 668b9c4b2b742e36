using System.CommandLine;

namespace Dataspace.Cli.Audit;

/// <summary><c>dataspace audit …</c>: the tamper-evident audit log's evidence.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Export and verify evidence from the connector's audit log.");
        command.Subcommands.Add(AuditVerifyCommand.Create());
        return command;
    }
}
