using Dataspace.Sdk.Plugins;

namespace Company.Plugin;

/// <summary>Reports the plugin healthy; replace with a real check of what the plugin depends on.</summary>
internal sealed class TextHealthCheck : IPluginHealthCheck
{
    public Task<PluginHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult(PluginHealth.Healthy("text source ready"));
}
