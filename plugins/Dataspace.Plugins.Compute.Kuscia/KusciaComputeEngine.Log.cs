using Dataspace.Sdk.Compute;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>The engine's log messages.</summary>
public sealed partial class KusciaComputeEngine
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Compute job {JobId} created in Kuscia with {Tasks} task(s)")]
    private static partial void LogProposed(ILogger logger, string jobId, int tasks);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Compute job {JobId}: {From} -> {To} (Kuscia)")]
    private static partial void LogState(ILogger logger, string jobId, ComputeJobState from, ComputeJobState to);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Compute job {JobId}: domain data {DomainData} granted to Kuscia domain {Domain}")]
    private static partial void LogGranted(ILogger logger, string jobId, string domainData, string domain);

    // Kuscia's own text goes to this connector's log only, never to another party.
    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Kuscia could not {Action} {JobId}: {Reason} (Kuscia said: {Detail})")]
    private static partial void LogKusciaFailed(ILogger logger, string action, string jobId, string reason, string? detail);
}
