using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Management;

/// <summary><c>dataspace policies list|create --file F|get|delete</c>: a connector's stored ODRL policies.</summary>
internal static class PoliciesCommand
{
    public static Command Create()
    {
        var command = new Command("policies", "Manage a running connector's stored ODRL policies.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateGet());
        command.Subcommands.Add(CreateDelete());
        return command;
    }

    private static Command CreateList()
    {
        var shared = new ManagementOptionsCli();
        var command = new Command("list", "List stored policies (up to 200).");
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var page = await client.ListPoliciesAsync(limit: 200, cancellationToken: ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await ManagementOptionsCli.WriteJsonAsync(output, page.Items).ConfigureAwait(false);
                return 0;
            }

            await ConsoleTable.WriteAsync(output, ["ID", "CREATED", "POLICY"],
                page.Items.Select(p => (IReadOnlyList<string?>)[p.Id, p.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), p.Policy.ToJsonString()]), "(no policies)").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateCreate()
    {
        var shared = new ManagementOptionsCli();
        var file = new Option<FileInfo>("--file") { Description = "A JSON file: an ODRL policy in JSON-LD, or {\"id\": ..., \"policy\": {...}}", Required = true };
        var id = new Option<string?>("--id") { Description = "The policy id. Default: the file's 'id', else one the connector picks" };
        var command = new Command("create", "Store an ODRL policy; the connector validates it and names the first error's JSON path.");
        command.Options.Add(file);
        command.Options.Add(id);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var input = await ReadAsync(result.GetValue(file)!, ct).ConfigureAwait(false);
            if (result.GetValue(id) is { } given)
            {
                input = input with { Id = given };
            }

            var policy = await client.CreatePolicyAsync(input, ct).ConfigureAwait(false);
            await (result.GetValue(shared.Json) ? ManagementOptionsCli.WriteJsonAsync(output, policy) : output.WriteLineAsync($"Created policy {policy.Id}")).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateGet()
    {
        var shared = new ManagementOptionsCli();
        var id = new Argument<string>("id") { Description = "The policy id" };
        var command = new Command("get", "Show one stored policy as JSON.");
        command.Arguments.Add(id);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            await ManagementOptionsCli.WriteJsonAsync(output, await client.GetPolicyAsync(result.GetValue(id)!, ct).ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateDelete()
    {
        var shared = new ManagementOptionsCli();
        var id = new Argument<string>("id") { Description = "The policy id" };
        var command = new Command("delete", "Delete a stored policy (delete the offers using it first).");
        command.Arguments.Add(id);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            await client.DeletePolicyAsync(result.GetValue(id)!, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"Deleted policy {result.GetValue(id)}").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<PolicyInput> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"--file {file.FullName} does not exist");
        }

        JsonNode? node;
        try
        {
            var stream = file.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                node = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException e)
        {
            throw new CliException("--file is not valid JSON: " + Dataspace.Connector.Host.JsonFileError.Describe(file.FullName, e));
        }

        if (node is not JsonObject json)
        {
            throw new CliException($"--file {file.FullName} must hold a JSON object: an ODRL policy, or {{\"id\": ..., \"policy\": {{...}}}}");
        }

        // The management API's own shape has 'policy' and no JSON-LD context; anything else is the policy itself.
        if (json["policy"] is JsonObject inner && json["@context"] is null)
        {
            var id = json["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            return new PolicyInput(id, (JsonObject)inner.DeepClone());
        }

        return new PolicyInput(null, json);
    }
}
