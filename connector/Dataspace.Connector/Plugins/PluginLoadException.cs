namespace Dataspace.Connector.Plugins;

/// <summary>A plugin could not be loaded; the message says which plugin, where, and why.</summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException() { }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message) : base(message) { }
}
