using System.CommandLine;
using System.Text.Json.Nodes;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Management;

/// <summary><c>dataspace assets list|create|get|delete</c>: the assets a connector can offer.</summary>
internal static class AssetsCommand
{
    public static Command Create()
    {
        var command = new Command("assets", "Manage a running connector's assets (what it can offer).");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateGet());
        command.Subcommands.Add(CreateDelete());
        return command;
    }

    private static Command CreateList()
    {
        var shared = new ManagementOptionsCli();
        var prefix = new Option<string?>("--prefix") { Description = "Only assets whose id starts with this" };
        var command = new Command("list", "List assets (up to 200).");
        command.Options.Add(prefix);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var page = await client.ListAssetsAsync(limit: 200, idPrefix: result.GetValue(prefix), cancellationToken: ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await ManagementOptionsCli.WriteJsonAsync(output, page.Items).ConfigureAwait(false);
                return 0;
            }

            await ConsoleTable.WriteAsync(output, ["ID", "ADDRESS", "PROPERTIES"],
                page.Items.Select(a => (IReadOnlyList<string?>)[a.Id, Address(a.DataAddress), a.Properties.ToJsonString()]), "(no assets)").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateCreate()
    {
        var shared = new ManagementOptionsCli();
        var id = new Option<string?>("--id") { Description = "The asset id. Default: one the connector picks" };
        var type = new Option<string>("--type")
        {
            Description = "The data address type (a loaded data-source plugin's). Default: FileSystem",
            DefaultValueFactory = _ => "FileSystem",
        };
        var address = new Option<string[]>("--address") { Description = "A data address property as name=value (repeatable), e.g. path=weather.csv",};
        var property = new Option<string[]>("--property") { Description = "A catalog property as name=value (repeatable), e.g. title=Weather" };
        var command = new Command("create", "Register an asset: where its data is (--type, --address) and how the catalog describes it (--property).");
        command.Options.Add(id);
        command.Options.Add(type);
        command.Options.Add(address);
        command.Options.Add(property);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var properties = new JsonObject();
            foreach (var (name, value) in Pairs(result.GetValue(property), "--property"))
            {
                properties[name] = value;
            }

            var input = new AssetInput(result.GetValue(id), properties, new DataAddress(result.GetValue(type)!, Pairs(result.GetValue(address), "--address")));
            var asset = await client.CreateAssetAsync(input, ct).ConfigureAwait(false);
            await (result.GetValue(shared.Json) ? ManagementOptionsCli.WriteJsonAsync(output, asset) : output.WriteLineAsync($"Created asset {asset.Id}")).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateGet()
    {
        var shared = new ManagementOptionsCli();
        var id = new Argument<string>("id") { Description = "The asset id" };
        var command = new Command("get", "Show one asset as JSON.");
        command.Arguments.Add(id);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            await ManagementOptionsCli.WriteJsonAsync(output, await client.GetAssetAsync(result.GetValue(id)!, ct).ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateDelete()
    {
        var shared = new ManagementOptionsCli();
        var id = new Argument<string>("id") { Description = "The asset id" };
        var command = new Command("delete", "Delete an asset (delete its offers first).");
        command.Arguments.Add(id);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            await client.DeleteAssetAsync(result.GetValue(id)!, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"Deleted asset {result.GetValue(id)}").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    internal static string Address(DataAddress address) =>
        address.Type + (address.Properties is { Count: > 0 } p ? " " + string.Join(" ", p.Select(x => $"{x.Key}={x.Value}")) : "");

    private static Dictionary<string, string> Pairs(string[]? values, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"{option} '{value}' must be name=value");
            }

            pairs[value[..equals]] = value[(equals + 1)..];
        }

        return pairs;
    }
}
