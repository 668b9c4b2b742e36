using Dataspace.Connector.Management;
using Dataspace.Connector.Plugins;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dataspace.Connector.Health;

/// <summary>Ready when every loaded plugin reports itself healthy.</summary>
internal sealed class PluginsHealthCheck : IHealthCheck
{
    private readonly PluginRegistry _registry;
    private readonly PluginHealthReader _reader;

    public PluginsHealthCheck(PluginRegistry registry, PluginHealthReader reader)
    {
        _registry = registry;
        _reader = reader;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await _reader.CheckAllAsync(_registry, cancellationToken).ConfigureAwait(false);
        var data = health.ToDictionary(h => h.Key, h => (object)h.Value.Status, StringComparer.Ordinal);
        var unhealthy = health.Where(h => h.Value.Status == "unhealthy").Select(h => $"{h.Key}: {string.Join("; ", h.Value.Details)}").ToList();
        return unhealthy.Count == 0
            ? HealthCheckResult.Healthy($"{health.Count} plugin(s) loaded", data)
            : HealthCheckResult.Unhealthy(string.Join(" | ", unhealthy), data: data);
    }
}
