using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Audit;

internal sealed partial class AuditLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log opened: {HashAlgorithm} tree of {Size} entries")]
    private static partial void LogOpened(ILogger logger, string? hashAlgorithm, long size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log of {Size} entries stores every {Stored}th tree level: backfilling every {Wanted}th before opening it")]
    private static partial void LogBackfilling(ILogger logger, long size, int stored, int wanted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log backfilled: {Nodes} tree nodes in {Seconds:F1} s")]
    private static partial void LogBackfilled(ILogger logger, long nodes, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log commit of {Count} entries at size {Size} failed; their appends fail (the actions they record are not acknowledged)")]
    private static partial void LogCommitFailed(ILogger logger, int count, long size, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log could not reload its tree from the store; retrying")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
