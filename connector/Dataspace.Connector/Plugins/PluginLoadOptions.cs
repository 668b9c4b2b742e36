namespace Dataspace.Connector.Plugins;

/// <summary>Where plugins are and what to do with a faulty one.</summary>
public sealed record PluginLoadOptions
{
    /// <summary>The folder holding one sub-folder per plugin.</summary>
    public required string PluginsDirectory { get; init; }

    /// <summary>The connector's data folder; each plugin gets <c>plugins/&lt;id&gt;</c> below it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Start without faulty plugins (reporting them) instead of refusing to start.</summary>
    public bool SkipFaultyPlugins { get; init; }
}
