namespace Dataspace.Connector.Plugins;

/// <summary>Whether a plugin is part of the running connector.</summary>
public enum PluginStatus
{
    /// <summary>Loaded and registered.</summary>
    Loaded = 1,

    /// <summary>Refused; <see cref="PluginDescriptor.Error"/> says why.</summary>
    Failed = 2,
}
