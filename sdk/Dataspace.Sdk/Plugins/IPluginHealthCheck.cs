namespace Dataspace.Sdk.Plugins;

/// <summary>Reports whether a plugin can do its work (its backing store reachable, its folder writable, ...).</summary>
/// <remarks>Called concurrently and on every health request: keep it cheap.</remarks>
public interface IPluginHealthCheck
{
    /// <summary>Checks the plugin's health.</summary>
    Task<PluginHealth> CheckHealthAsync(CancellationToken cancellationToken);
}
