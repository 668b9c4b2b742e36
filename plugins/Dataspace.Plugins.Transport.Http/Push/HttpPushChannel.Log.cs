using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Transport.Http.Push;

internal sealed partial class HttpPushChannel
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Push of transfer {TransferId} to {Destination} started")]
    private static partial void LogStarted(ILogger logger, string transferId, string destination);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push of transfer {TransferId} completed: {Bytes} bytes sent to {Destination}")]
    private static partial void LogCompleted(ILogger logger, string transferId, long bytes, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of transfer {TransferId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string transferId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of transfer {TransferId} failed (correlation {Correlation})")]
    private static partial void LogCrashed(ILogger logger, string transferId, string correlation, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push of transfer {TransferId} cancelled")]
    private static partial void LogCancelled(ILogger logger, string transferId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcome of the push of transfer {TransferId} could not be reported to the connector")]
    private static partial void LogReportFailed(ILogger logger, string transferId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of transfer {TransferId}: the delivery could not be recorded for metering")]
    private static partial void LogUsageNotRecorded(ILogger logger, string transferId, Exception exception);
}
