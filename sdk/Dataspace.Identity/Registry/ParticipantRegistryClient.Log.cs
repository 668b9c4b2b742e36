using Microsoft.Extensions.Logging;

namespace Dataspace.Identity.Registry;

public sealed partial class ParticipantRegistryClient
{
    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Registry entry of {Did} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string did, string reason);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "Registry {Url} not read to the end: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string url, string reason);
}
