using System.CommandLine;
using System.Globalization;
using Dataspace.Cli.Management;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Metering;

/// <summary><c>dataspace metering usage|receipts|export</c>: a running connector's usage, dual-signed receipts and disputes.</summary>
internal static class MeteringCommand
{
    public static Command Create()
    {
        var command = new Command("metering", "A running connector's usage records, receipts signed by both parties, disputes and statements (docs/metering.md).");
        command.Subcommands.Add(CreateUsage());
        command.Subcommands.Add(CreateReceipts());
        command.Subcommands.Add(CreateExport());
        return command;
    }

    private static Command CreateUsage()
    {
        var shared = new ManagementOptionsCli();
        var agreement = new Option<string?>("--agreement") { Description = "Only this agreement" };
        var party = new Option<string?>("--counter-party") { Description = "Only this counter-party" };
        var command = new Command("usage", "Usage added up per agreement, counter-party and role.");
        command.Options.Add(agreement);
        command.Options.Add(party);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var usage = await client.GetUsageAsync(result.GetValue(agreement), result.GetValue(party), cancellationToken: ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await ManagementOptionsCli.WriteJsonAsync(output, usage).ConfigureAwait(false);
                return 0;
            }

            await ConsoleTable.WriteAsync(output, ["AGREEMENT", "COUNTER-PARTY", "ROLE", "BYTES", "REQUESTS", "ROWS", "COMPUTATIONS"],
                usage.Select(u => (IReadOnlyList<string?>)[u.AgreementId, u.CounterPartyId, u.Role, Number(u.Bytes), Number(u.Requests), Number(u.Rows), Number(u.Computations)]),
                "(no usage)").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateReceipts()
    {
        var shared = new ManagementOptionsCli();
        var agreement = new Option<string?>("--agreement") { Description = "Only this agreement's receipts" };
        var disputes = new Option<bool>("--disputes") { Description = "Only receipts whose two signed figures differ" };
        var command = new Command("receipts", "Usage receipts (up to 200, newest period first): our figures and the counter-party's.");
        command.Options.Add(agreement);
        command.Options.Add(disputes);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var page = await client.ListUsageReceiptsAsync(result.GetValue(agreement), result.GetValue(disputes) ? "DISPUTED" : null, limit: 200, cancellationToken: ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await ManagementOptionsCli.WriteJsonAsync(output, page.Items).ConfigureAwait(false);
                return 0;
            }

            await ConsoleTable.WriteAsync(output, ["RECEIPT", "AGREEMENT", "COVERS", "STATE", "OUR BYTES/REQUESTS", "THEIR BYTES/REQUESTS"],
                page.Items.Select(r => (IReadOnlyList<string?>)[r.Id, r.AgreementId, r.TransferId is { } t ? "transfer " + t : $"{r.PeriodStart:O} - {r.PeriodEnd:O}", r.State,
                    $"{Number(r.Ours.Bytes)}/{Number(r.Ours.Requests)}", r.Theirs is { } theirs ? $"{Number(theirs.Bytes)}/{Number(theirs.Requests)}" : "-"]),
                "(no receipts)").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateExport()
    {
        var shared = new ManagementOptionsCli();
        var list = new Argument<string>("list") { Description = $"What to export: {string.Join(", ", ManagementClient.MeteringLists)}" };
        list.AcceptOnlyFromAmong([.. ManagementClient.MeteringLists]);
        var format = new Option<string>("--format") { Description = "csv or json. Default: csv", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var command = new Command("export", "Print a metering list as CSV or JSON (records, receipts, disputes and statements: the first 500).");
        command.Arguments.Add(list);
        command.Options.Add(format);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            await output.WriteAsync(await client.ExportMeteringAsync(result.GetValue(list)!, result.GetValue(format)!, limit: 500, cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
