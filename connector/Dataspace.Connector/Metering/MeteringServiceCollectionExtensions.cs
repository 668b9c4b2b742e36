using Dataspace.Connector.Hosting;
using Dataspace.Connector.Protocol;
using Dataspace.Sdk.Metering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Connector.Metering;

/// <summary>Registers metering: usage recording, receipts and statements (docs/metering.md).</summary>
public static class MeteringServiceCollectionExtensions
{
    /// <summary>Adds the usage recorders, the receipt exchange (its stored step and period worker) and pricing, bound to <c>Connector:Metering</c>.</summary>
    public static IServiceCollection AddMetering(this IServiceCollection services)
    {
        services.AddSettings<MeteringOptions>(MeteringOptions.Section);
        services.TryAddSingleton<IDataUsageReporter, DataUsageRecorder>();
        services.TryAddSingleton<ConsumerUsageRecorder>();
        services.TryAddSingleton<ReceiptExchange>();
        services.TryAddSingleton<StatementService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProcessStepHandler, MeteringStepHandler>());
        services.AddHostedService<ReceiptPeriodWorker>();
        return services;
    }
}
