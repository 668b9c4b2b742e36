using System.CommandLine;
using System.Globalization;
using Dataspace.Cli.Management;

namespace Dataspace.Cli.Audit;

/// <summary><c>dataspace audit export --agreement ID | --negotiation ID | --from T --to T --out BUNDLE</c>: a connector's evidence bundle.</summary>
internal static class AuditExportCommand
{
    public static Command Create()
    {
        var shared = new ManagementOptionsCli();
        var agreement = new Option<string?>("--agreement") { Description = "The agreement whose audit entries to export" };
        var negotiation = new Option<string?>("--negotiation") { Description = "The negotiation (or transfer) process whose audit entries to export" };
        var from = new Option<string?>("--from") { Description = "With --to: export the entries appended in [from, to) (RFC 3339 times)" };
        var to = new Option<string?>("--to") { Description = "With --from: the end of the time range (exclusive)" };
        var output = new Option<FileInfo>("--out") { Description = "The bundle file to write", Required = true };
        var command = new Command("export", "Download an evidence bundle (entries, proofs, signed checkpoints, DID documents) that 'dataspace audit verify' checks offline.");
        command.Options.Add(agreement);
        command.Options.Add(negotiation);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(output);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var agreementId = result.GetValue(agreement);
            var processId = result.GetValue(negotiation);
            var fromTime = Time(result.GetValue(from), "--from");
            var toTime = Time(result.GetValue(to), "--to");
            var chosen = (agreementId is null ? 0 : 1) + (processId is null ? 0 : 1) + (fromTime is null && toTime is null ? 0 : 1);
            if (chosen != 1 || (fromTime is null) != (toTime is null))
            {
                throw new CliException("give exactly one of --agreement ID, --negotiation ID, or --from T --to T");
            }

            var file = result.GetValue(output)!;
            return shared.RunAsync(result, async (client, writer, ct) =>
            {
                // Written beside the target and moved into place, so a failed download leaves no partial bundle.
                var temporary = file.FullName + ".part";
                long bytes;
                try
                {
                    var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                    await using (stream.ConfigureAwait(false))
                    {
                        bytes = await client.DownloadAuditBundleAsync(agreementId, processId, fromTime, toTime, stream, ct).ConfigureAwait(false);
                    }

                    File.Move(temporary, file.FullName, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }

                await writer.WriteLineAsync($"Wrote evidence bundle {file.FullName} ({bytes} bytes); check it with: dataspace audit verify {file.FullName}").ConfigureAwait(false);
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static DateTimeOffset? Time(string? text, string option) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : throw new CliException($"{option} '{text}' is not a time; expected RFC 3339, e.g. 2026-01-02T03:04:05Z");
}
