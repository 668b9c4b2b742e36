using System.CommandLine;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Management;

/// <summary><c>dataspace transfer --agreement ID [--type T] [--to FILE]</c>: starts a transfer, waits for it, downloads or prints where to pull.</summary>
internal static class TransferCommand
{
    public static Command Create()
    {
        var shared = new ManagementOptionsCli();
        var agreement = new Option<string>("--agreement") { Description = "The agreement id (from 'dataspace negotiate')", Required = true };
        var type = new Option<string>("--type")
        {
            Description = $"The transfer type. Default: {TransferTypes.HttpPull}",
            DefaultValueFactory = _ => TransferTypes.HttpPull,
        };
        var to = new Option<FileInfo?>("--to") { Description = "Download the data into this file (pull transfers); without it, print where and how to pull" };
        var timeout = NegotiateCommand.TimeoutOption();
        var command = new Command("transfer", "Start a transfer under an agreement, wait until it is STARTED, then download the data or print its endpoint.");
        command.Options.Add(agreement);
        command.Options.Add(type);
        command.Options.Add(to);
        command.Options.Add(timeout);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var json = result.GetValue(shared.Json);
            var target = result.GetValue(to);
            if (target is { Directory: { Exists: false } folder })
            {
                throw new CliException($"--to {target.FullName}: the folder {folder.FullName} does not exist");
            }

            var started = await client.StartTransferAsync(new TransferRequest(result.GetValue(agreement)!, result.GetValue(type)!), ct).ConfigureAwait(false);
            var seconds = result.GetValue(timeout);
            var transfer = await NegotiateCommand.WaitAsync(t => client.WaitForTransferAsync(started.Id, [TransferStates.Started], cancellationToken: t), seconds,
                $"transfer {started.Id} did not start within {seconds} s", ct).ConfigureAwait(false);
            if (transfer.State != TransferStates.Started)
            {
                throw new CliException($"transfer {transfer.Id} ended {transfer.State} before it started: {transfer.Error ?? "no reason given"}");
            }

            if (target is not null)
            {
                var partial = target.FullName + ".part";
                long bytes;
                try
                {
                    var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                    await using (file.ConfigureAwait(false))
                    {
                        bytes = await client.DownloadTransferDataAsync(transfer.Id, file, ct).ConfigureAwait(false);
                    }
                }
                catch
                {
                    // A broken download must not look like a complete file.
                    File.Delete(partial);
                    throw;
                }

                File.Move(partial, target.FullName, overwrite: true);
                if (json)
                {
                    await ManagementOptionsCli.WriteJsonAsync(output, new { transfer, file = target.FullName, bytes }).ConfigureAwait(false);
                }
                else
                {
                    await output.WriteLineAsync($"Transfer {transfer.Id} STARTED; downloaded {bytes} bytes to {target.FullName}").ConfigureAwait(false);
                }

                return 0;
            }

            if (transfer.TransferType != TransferTypes.HttpPull)
            {
                await (json ? ManagementOptionsCli.WriteJsonAsync(output, transfer) : output.WriteLineAsync($"Transfer {transfer.Id} STARTED ({transfer.TransferType})")).ConfigureAwait(false);
                return 0;
            }

            var edr = await client.GetEndpointDataReferenceAsync(transfer.Id, ct).ConfigureAwait(false);
            if (json)
            {
                await ManagementOptionsCli.WriteJsonAsync(output, new { transfer, edr }).ConfigureAwait(false);
                return 0;
            }

            await output.WriteLineAsync($"Transfer {transfer.Id} STARTED; pull the data from:").ConfigureAwait(false);
            await output.WriteLineAsync($"  endpoint:      {edr.Endpoint}").ConfigureAwait(false);
            await output.WriteLineAsync($"  authorization: {(edr.AuthType is { } auth ? auth + " " : "")}{edr.Authorization ?? "(none)"}").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }
}
