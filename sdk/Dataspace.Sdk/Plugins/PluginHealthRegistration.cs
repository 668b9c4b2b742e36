namespace Dataspace.Sdk.Plugins;

/// <summary>Binds a health check to the plugin that registered it; created by <see cref="PluginContext.AddHealthCheck{T}"/>.</summary>
/// <param name="PluginId">The id of the plugin.</param>
/// <param name="Check">The check.</param>
public sealed record PluginHealthRegistration(string PluginId, IPluginHealthCheck Check);
