using System.CommandLine;

namespace Dataspace.Cli.Audit;

/// <summary><c>dataspace audit ...</c>: the connector's tamper-evident audit log and its evidence bundles.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Export and verify evidence from a connector's audit log.");
        command.Subcommands.Add(AuditExportCommand.Create());
        command.Subcommands.Add(AuditVerifyCommand.Create());
        return command;
    }
}
