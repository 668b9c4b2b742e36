using McMaster.NETCore.Plugins;

namespace Dataspace.Connector.Plugins;

/// <summary>The plugins the connector found at start-up, loaded or refused; keeps their load contexts alive.</summary>
public sealed class PluginRegistry
{
    // Held so the plugins' load contexts live as long as the connector.
    private readonly IReadOnlyList<PluginLoader> _loaders;

    /// <summary>Creates the registry.</summary>
    public PluginRegistry(IReadOnlyList<PluginDescriptor> plugins, IReadOnlyList<PluginLoader> loaders)
    {
        Plugins = plugins;
        _loaders = loaders;
    }

    /// <summary>Every plugin folder, in load order.</summary>
    public IReadOnlyList<PluginDescriptor> Plugins { get; }

    /// <summary>How many plugin load contexts are alive.</summary>
    public int LoadedCount => _loaders.Count;
}
