using System.CommandLine;
using System.Text.Json;
using Dataspace.Connector.Host;
using Dataspace.Connector.Plugins;

namespace Dataspace.Cli.Plugins;

/// <summary><c>dataspace plugins</c>: what a connector would load from its plugins folder.</summary>
internal static class PluginsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("plugins", "Inspect the plugins a connector would load.");
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateList()
    {
        var shared = new ConnectorOptionsCli();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("list", "List each plugin folder with its id, version, kinds and any load error; exits 1 if any plugin is faulty.");
        shared.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new ConnectorHostSettings { ConfigFile = shared.ConfigFile(result), Overrides = shared.Overrides(result) };
            PluginRegistry registry;
            try
            {
                registry = await ConnectorHost.InspectPluginsAsync(settings, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ConnectorHost.DescribeStartupError(e) is { } message)
            {
                throw new CliException(message);
            }

            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                var rows = registry.Plugins.Select(p => new
                {
                    id = p.Id,
                    version = p.Manifest?.Version,
                    kinds = p.Manifest?.Kinds ?? [],
                    sdkVersion = p.Manifest?.SdkVersion,
                    status = p.Status == PluginStatus.Loaded ? "loaded" : "failed",
                    error = p.Error,
                    directory = p.Directory,
                });
                await output.WriteLineAsync(JsonSerializer.Serialize(rows, Json)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"Plugins in {ConnectorHost.ResolvePluginsDirectory(settings)}:").ConfigureAwait(false);
                if (registry.Plugins.Count == 0)
                {
                    await output.WriteLineAsync("  (none)").ConfigureAwait(false);
                }

                foreach (var p in registry.Plugins)
                {
                    var kinds = p.Manifest is null ? "-" : string.Join(",", p.Manifest.Kinds);
                    var status = p.Status == PluginStatus.Loaded ? "loaded" : "FAILED: " + p.Error;
                    await output.WriteLineAsync($"  {p.Id,-36} {p.Manifest?.Version ?? "-",-10} {kinds,-20} {status}").ConfigureAwait(false);
                }
            }

            var faulty = registry.Plugins.Count(p => p.Status == PluginStatus.Failed);
            if (faulty > 0)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: {faulty} faulty plugin(s)").ConfigureAwait(false);
                return 1;
            }

            return 0;
        });
        return command;
    }
}
