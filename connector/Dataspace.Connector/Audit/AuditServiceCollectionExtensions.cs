using Dataspace.Connector.Hosting;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Connector.Audit;

/// <summary>Registers the audit log.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Adds the audit log (<see cref="IAuditLog"/>) over the storage provider's <see cref="IAuditLogStore"/>, configured by
    /// <c>Connector:Audit</c>; it opens after the database is migrated (register it after the connector's initializer).
    /// </summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSettings<AuditOptions>(AuditOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        return services;
    }
}
