using Dataspace.Connector.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dataspace.Connector.Health;

/// <summary>Ready when start-up has finished and the database answers.</summary>
internal sealed class DatabaseHealthCheck : IHealthCheck
{
    private readonly IStorageLifecycle _storage;
    private readonly ConnectorInstance _instance;

    public DatabaseHealthCheck(IStorageLifecycle storage, ConnectorInstance instance)
    {
        _storage = storage;
        _instance = instance;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_instance.IsReady)
        {
            return HealthCheckResult.Unhealthy("start-up has not finished");
        }

        return await _storage.CheckAsync(cancellationToken).ConfigureAwait(false) is { } failure
            ? HealthCheckResult.Unhealthy(failure)
            : HealthCheckResult.Healthy("database answers");
    }
}
