using System.CommandLine;
using Dataspace.Connector.Host;

namespace Dataspace.Cli;

/// <summary>Options shared by commands that start or inspect a connector, mapped onto configuration keys.</summary>
internal sealed class ConnectorOptionsCli
{
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Folder for the connector's state (database, keys, plugin data). Default: ./data" };

    public Option<string?> PluginsDir { get; } = new("--plugins-dir") { Description = "Folder with one sub-folder per plugin. Default: plugins beside the executable" };

    public Option<FileInfo?> Config { get; } = new("--config") { Description = "JSON configuration file (same shape as appsettings.json)" };

    public void AddTo(Command command)
    {
        command.Options.Add(DataDir);
        command.Options.Add(PluginsDir);
        command.Options.Add(Config);
    }

    public Dictionary<string, string?> Overrides(ParseResult result)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (result.GetValue(DataDir) is { } data)
        {
            overrides["Connector:DataDirectory"] = Path.GetFullPath(data);
        }

        if (result.GetValue(PluginsDir) is { } plugins)
        {
            var full = Path.GetFullPath(plugins);
            if (!Directory.Exists(full))
            {
                throw new CliException($"--plugins-dir {full} does not exist");
            }

            overrides["Connector:PluginsDirectory"] = full;
        }

        return overrides;
    }

    /// <summary>Runs a connector host with the configuration file and <paramref name="overrides"/> until <paramref name="cancellationToken"/> ends it.</summary>
    public Task<int> RunHostAsync(ParseResult result, Dictionary<string, string?> overrides, CancellationToken cancellationToken) =>
        ConnectorHost.RunAsync(new ConnectorHostSettings
        {
            ConfigFile = ConfigFile(result),
            Overrides = overrides,
            Output = result.InvocationConfiguration.Output,
            Error = result.InvocationConfiguration.Error,
        }, cancellationToken);

    public string? ConfigFile(ParseResult result)
    {
        if (result.GetValue(Config) is not { } file)
        {
            return null;
        }

        if (!file.Exists)
        {
            throw new CliException($"--config {file.FullName} does not exist");
        }

        return file.FullName;
    }
}
