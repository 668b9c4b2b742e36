using Dataspace.Connector.Hosting;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Audit;

/// <summary>Registers the audit log.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Adds the audit log (<see cref="IAuditLog"/>) over the storage provider's <see cref="IAuditLogStore"/>, its periodic
    /// signed checkpoints and the file anchor when <c>Connector:Audit:Anchors:File:Path</c> is set, configured by
    /// <c>Connector:Audit</c>; the log opens after the database is migrated (register it after the connector's initializer).
    /// </summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSettings<AuditOptions>(AuditOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        services.TryAddSingleton<AuditCheckpointer>();
        services.TryAddSingleton<AuditEvidence>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointer>());
        if (configuration[$"{AuditOptions.Section}:Anchors:File:Path"] is { Length: > 0 } path)
        {
            services.AddSingleton<IAuditAnchor>(sp => new FileAuditAnchor(path, sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<ILogger<FileAuditAnchor>>()));
        }

        return services;
    }
}
