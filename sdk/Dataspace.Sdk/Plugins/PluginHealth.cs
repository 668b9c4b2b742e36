namespace Dataspace.Sdk.Plugins;

/// <summary>The outcome of a plugin health check.</summary>
/// <param name="IsHealthy">Whether the plugin can do its work.</param>
/// <param name="Description">What was checked, or what is wrong.</param>
public sealed record PluginHealth(bool IsHealthy, string Description)
{
    /// <summary>A healthy result.</summary>
    public static PluginHealth Healthy(string description) => new(true, description);

    /// <summary>An unhealthy result with the reason.</summary>
    public static PluginHealth Unhealthy(string reason) => new(false, reason);
}
