using Dataspace.Connector.Plugins;
using Dataspace.Sdk.Plugins;

namespace Dataspace.Connector.Management;

/// <summary>Runs the health checks plugins registered, with a time limit each.</summary>
public sealed class PluginHealthReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly ILookup<string, IPluginHealthCheck> _checks;

    /// <summary>Creates the reader over every registered check.</summary>
    public PluginHealthReader(IEnumerable<PluginHealthRegistration> registrations) =>
        _checks = registrations.ToLookup(r => r.PluginId, r => r.Check, StringComparer.Ordinal);

    /// <summary>The health of one loaded plugin.</summary>
    public async Task<PluginHealthResponse> CheckAsync(string pluginId, CancellationToken cancellationToken)
    {
        var checks = _checks[pluginId].ToList();
        if (checks.Count == 0)
        {
            return new PluginHealthResponse("unchecked", []);
        }

        var results = await Task.WhenAll(checks.Select(c => RunAsync(c, cancellationToken))).ConfigureAwait(false);
        return new PluginHealthResponse(results.All(r => r.IsHealthy) ? "healthy" : "unhealthy", [.. results.Select(r => r.Description)]);
    }

    /// <summary>The health of every loaded plugin in <paramref name="registry"/>.</summary>
    public async Task<IReadOnlyDictionary<string, PluginHealthResponse>> CheckAllAsync(PluginRegistry registry, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, PluginHealthResponse>(StringComparer.Ordinal);
        foreach (var plugin in registry.Plugins.Where(p => p.Status == PluginStatus.Loaded))
        {
            result[plugin.Id] = await CheckAsync(plugin.Id, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<PluginHealth> RunAsync(IPluginHealthCheck check, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        try
        {
            return await check.CheckHealthAsync(cts.Token).WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PluginHealth.Unhealthy($"{check.GetType().Name} did not answer within {Timeout.TotalSeconds:0} s");
        }
#pragma warning disable CA1031 // A plugin's faulty health check is reported, never allowed to break the endpoint.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return PluginHealth.Unhealthy($"{check.GetType().Name} failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
