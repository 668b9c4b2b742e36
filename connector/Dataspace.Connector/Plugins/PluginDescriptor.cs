using Dataspace.Sdk.Plugins;

namespace Dataspace.Connector.Plugins;

/// <summary>One plugin folder as the loader saw it: its manifest (if readable), its status and any error.</summary>
public sealed record PluginDescriptor
{
    /// <summary>The plugin's folder.</summary>
    public required string Directory { get; init; }

    /// <summary>The manifest, or null when it could not be read.</summary>
    public PluginManifest? Manifest { get; init; }

    /// <summary>Loaded or failed.</summary>
    public required PluginStatus Status { get; init; }

    /// <summary>Why the plugin was refused; null when loaded.</summary>
    public string? Error { get; init; }

    /// <summary>The id from the manifest, or the folder name when there is no readable manifest.</summary>
    public string Id => Manifest?.Id ?? Path.GetFileName(Directory);
}
