using Dataspace.Connector.Hosting;
using Dataspace.Connector.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dataspace.Connector.Health;

/// <summary>Ready when start-up has finished and the embedded database answers.</summary>
internal sealed class DatabaseHealthCheck : IHealthCheck
{
    private readonly ConnectorDatabase _database;
    private readonly ConnectorInstance _instance;

    public DatabaseHealthCheck(ConnectorDatabase database, ConnectorInstance instance)
    {
        _database = database;
        _instance = instance;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_instance.IsReady)
        {
            return HealthCheckResult.Unhealthy("start-up has not finished");
        }

        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("database answers");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            return HealthCheckResult.Unhealthy($"database {_database.FilePath} failed: {e.Message}");
        }
    }
}
