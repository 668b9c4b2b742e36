using Dataspace.Sdk.Compute;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Compute;

public sealed partial class EmbeddedComputeEngine
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Compute job {JobId} proposed: {Tasks} task(s) under {Agreements} agreement(s)")]
    private partial void LogProposed(string jobId, int tasks, int agreements);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compute job {JobId} received from {From}: {State} ({Reason})")]
    private partial void LogReceived(string jobId, string from, ComputeJobState state, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compute job {JobId} ended {State}: {Reason}")]
    private partial void LogEnded(string jobId, ComputeJobState state, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compute job {JobId}: {Participant} could not be told {State}: {Error}")]
    private partial void LogNoticeFailed(string jobId, string participant, ComputeJobState state, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Compute job {JobId}: the run failed")]
    private partial void LogRunFailed(string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compute job {JobId}: progress not stored: {Error}")]
    private partial void LogProgressFailed(string jobId, string error);
}
