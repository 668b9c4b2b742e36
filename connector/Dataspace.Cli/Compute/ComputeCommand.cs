using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Cli.Management;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Compute;

/// <summary><c>dataspace compute run|list|show|approve|reject|stop|outputs</c>: compute jobs on a running connector (docs/compute/engine.md).</summary>
internal static class ComputeCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var command = new Command("compute", "Compute jobs under agreements: propose one, follow it, approve or reject, read its outputs (docs/compute/engine.md).");
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateAct("approve", "Approve a job waiting for this connector's approval.", reason: false));
        command.Subcommands.Add(CreateAct("reject", "Reject a job waiting for this connector's approval; every party reads the reason.", reason: true));
        command.Subcommands.Add(CreateAct("stop", "Stop a job for good at every party.", reason: true));
        command.Subcommands.Add(CreateOutputs());
        return command;
    }

    private static Command CreateRun()
    {
        var shared = new ManagementOptionsCli();
        var agreement = new Option<string>("--agreement") { Description = "The agreement with the provider (this connector its consumer)", Required = true };
        var component = new Option<string>("--component") { Description = "The component, domain/name:version, e.g. psi/ecdh:1", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "Our CSV input (uploaded to the connector)", Required = true };
        var mode = new Option<string?>("--mode") { Description = "The component's mode attribute, e.g. cardinality" };
        var release = new Option<string?>("--release") { Description = "The release kind we ask for. Default: the mode, else cardinality" };
        var role = new Option<string>("--role") { Description = "Our role in the component. Default: receiver", DefaultValueFactory = _ => "receiver" };
        var providerRole = new Option<string>("--provider-role") { Description = "The provider's role. Default: sender", DefaultValueFactory = _ => "sender" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once proposed instead of following the job to its end" };
        var command = new Command("run", "Propose a two-party job under an agreement with our file as input, follow its progress and print our outputs.");
        foreach (var option in new Option[] { agreement, component, input, mode, release, role, providerRole, noWait }) command.Options.Add(option);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var file = result.GetValue(input)!;
            if (!file.Exists) throw new CliException($"--input '{file.FullName}' does not exist: expected a CSV file with a header row");
            var bound = await client.GetAgreementAsync(result.GetValue(agreement)!, ct).ConfigureAwait(false);
            var negotiation = await client.GetNegotiationAsync(bound.NegotiationId, ct).ConfigureAwait(false);
            string path;
            await using (var content = file.OpenRead())
            {
                path = await client.UploadComputeInputAsync($"{Guid.NewGuid():N}-{Sanitize(file.Name)}", content, ct).ConfigureAwait(false);
            }

            var attributes = new JsonObject();
            if (result.GetValue(mode) is { } m) attributes["mode"] = m;
            var kind = result.GetValue(release) ?? result.GetValue(mode) ?? "cardinality";
            var request = new JsonObject
            {
                ["tasks"] = new JsonArray(new JsonObject
                {
                    ["id"] = "task-1",
                    ["component"] = result.GetValue(component),
                    ["attributes"] = attributes,
                    ["parties"] = new JsonArray(
                        new JsonObject { ["participantId"] = bound.ConsumerId, ["role"] = result.GetValue(role), ["input"] = new JsonObject { ["kind"] = "file", ["reference"] = path } },
                        new JsonObject { ["participantId"] = bound.ProviderId, ["role"] = result.GetValue(providerRole), ["input"] = new JsonObject { ["kind"] = "asset", ["reference"] = bound.AssetId, ["agreementId"] = bound.Id } }),
                    ["releases"] = new JsonObject { [bound.ConsumerId] = new JsonArray(kind) },
                }),
                ["agreements"] = new JsonArray(new JsonObject
                {
                    ["providerId"] = bound.ProviderId, ["agreementId"] = bound.Id, ["consumerId"] = bound.ConsumerId, ["providerEndpoint"] = negotiation.CounterPartyAddress,
                }),
            };
            var job = await client.ProposeComputeJobAsync(request, ct).ConfigureAwait(false);
            var id = Text(job, "id");
            await output.WriteLineAsync($"job {id}: {Text(job, "state")}").ConfigureAwait(false);
            if (result.GetValue(noWait)) return 0;

            // Progress while the job runs: one line per change of state, phase or tenth of progress.
            var last = "";
            while (!IsFinal(Text(job, "state")))
            {
                await Task.Delay(PollInterval, ct).ConfigureAwait(false);
                job = await client.GetComputeJobAsync(id, ct).ConfigureAwait(false);
                var line = $"job {id}: {Text(job, "state")} {Percent(job)}{(job["phase"] is { } phase ? " " + phase : "")}";
                if (line != last) await output.WriteLineAsync(line).ConfigureAwait(false);
                last = line;
            }

            if (Text(job, "state") != "succeeded")
            {
                await output.WriteLineAsync($"job {id} ended {Text(job, "state")}: {job["reason"]}").ConfigureAwait(false);
                return 1;
            }

            await WriteOutputsAsync(output, await client.GetComputeOutputsAsync(id, ct).ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var shared = new ManagementOptionsCli();
        var state = new Option<string?>("--state") { Description = "Only jobs in this state, e.g. awaitingApproval" };
        var agreement = new Option<string?>("--agreement") { Description = "Only jobs under this agreement" };
        var command = new Command("list", "Compute jobs, newest first (up to 200).");
        command.Options.Add(state);
        command.Options.Add(agreement);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var page = await client.ListComputeJobsAsync(result.GetValue(state), result.GetValue(agreement), limit: 200, cancellationToken: ct).ConfigureAwait(false);
            var items = page["items"]?.AsArray() ?? [];
            if (result.GetValue(shared.Json))
            {
                await output.WriteLineAsync(items.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                return 0;
            }

            await ConsoleTable.WriteAsync(output, ["JOB", "STATE", "PROGRESS", "INITIATOR", "COMPONENTS", "REASON"],
                items.OfType<JsonObject>().Select(j => (IReadOnlyList<string?>)[Text(j, "id"), Text(j, "state"), Percent(j), Text(j, "initiator"),
                    string.Join(" ", j["tasks"]?.AsArray().Select(t => t?["component"]?.GetValue<string>()) ?? []), j["reason"]?.GetValue<string>()]),
                "(no compute jobs)").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateShow()
    {
        var shared = new ManagementOptionsCli();
        var id = new Argument<string>("job") { Description = "The job's id" };
        var command = new Command("show", "One compute job as JSON: its tasks, agreements, approvals, state, progress and reason.");
        command.Arguments.Add(id);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var job = await client.GetComputeJobAsync(result.GetValue(id)!, ct).ConfigureAwait(false);
            await output.WriteLineAsync(job.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateAct(string action, string description, bool reason)
    {
        var shared = new ManagementOptionsCli();
        var id = new Argument<string>("job") { Description = "The job's id" };
        var because = new Option<string?>("--reason") { Description = "Why (every party reads it)" };
        var command = new Command(action, description);
        command.Arguments.Add(id);
        if (reason) command.Options.Add(because);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var job = await client.ActOnComputeJobAsync(result.GetValue(id)!, action, reason ? result.GetValue(because) : null, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"job {Text(job, "id")}: {Text(job, "state")}{(job["reason"] is { } r ? " (" + r + ")" : "")}").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateOutputs()
    {
        var shared = new ManagementOptionsCli();
        var id = new Argument<string>("job") { Description = "The job's id" };
        var command = new Command("outputs", "The outputs of a job this connector received: values inline, tables and blobs by reference.");
        command.Arguments.Add(id);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var outputs = await client.GetComputeOutputsAsync(result.GetValue(id)!, ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await output.WriteLineAsync(outputs.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                return 0;
            }

            await WriteOutputsAsync(output, outputs).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Task WriteOutputsAsync(TextWriter output, JsonArray outputs) =>
        ConsoleTable.WriteAsync(output, ["TASK", "OUTPUT", "RELEASE", "TYPE", "VALUE OR FILE"],
            outputs.OfType<JsonObject>().Select(o => (IReadOnlyList<string?>)[Text(o, "taskId"), Text(o, "name"), Text(o, "releaseKind"), Text(o, "type"), Text(o, "content")]),
            "(no outputs for us)");

    private static bool IsFinal(string state) => state is "succeeded" or "failed" or "rejected" or "stopped";

    private static string Text(JsonObject json, string name) => json[name]?.ToString() ?? "";

    private static string Percent(JsonObject job)
        => ((job["progress"]?.GetValue<double>() ?? 0) * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Sanitize(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);
}
