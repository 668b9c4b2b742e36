using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Transport.Http.Pull;

internal sealed partial class PullEndpoint
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pull of transfer {TransferId} refused: {Reason}")]
    private static partial void LogTokenRefused(ILogger logger, string transferId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull of transfer {TransferId} by {ConsumerId} denied: {Reason}")]
    private static partial void LogDenied(ILogger logger, string transferId, string consumerId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pull of transfer {TransferId}: no data source handles address type {AddressType}")]
    private static partial void LogMisconfigured(ILogger logger, string transferId, string addressType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pull of transfer {TransferId}: the data could not be read ({Failure}): {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string transferId, DataFailureKind? failure, string? reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pull of transfer {TransferId}: {Bytes} bytes served with status {Status}")]
    private static partial void LogServed(ILogger logger, string transferId, long bytes, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pull of transfer {TransferId}: the consumer went away after {Bytes} bytes")]
    private static partial void LogClientGone(ILogger logger, string transferId, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pull of transfer {TransferId}: the data source broke after {Bytes} bytes; connection aborted")]
    private static partial void LogSourceBroke(ILogger logger, string transferId, long bytes, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pull of transfer {TransferId}: the access could not be recorded for metering")]
    private static partial void LogUsageNotRecorded(ILogger logger, string transferId, Exception exception);
}
