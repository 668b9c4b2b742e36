namespace Dataspace.Sdk.Plugins;

/// <summary>The content of a plugin's <c>plugin.json</c>.</summary>
public sealed record PluginManifest
{
    /// <summary>Unique id of the plugin, e.g. <c>dataspace.storage.filesystem</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The plugin's own version (semantic version).</summary>
    public required string Version { get; init; }

    /// <summary>The extension points it implements; see <see cref="PluginKinds"/>.</summary>
    public required IReadOnlyList<string> Kinds { get; init; }

    /// <summary>The SDK versions it works with, as an interval such as <c>[1.0,2.0)</c>.</summary>
    public required string SdkVersion { get; init; }

    /// <summary>The file name of the plugin's assembly in its folder.</summary>
    public required string Assembly { get; init; }

    /// <summary>The configuration section the plugin is configured from.</summary>
    public required string ConfigurationSection { get; init; }

    /// <summary>A one-line description for operators.</summary>
    public string? Description { get; init; }
}
