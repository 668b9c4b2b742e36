using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.FederatedCatalog;

public sealed partial class CatalogCrawler
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Federated catalog crawl: {Members} members, {Changed} changed, {Unchanged} unchanged, {Failed} failed, {BackingOff} backing off, {Removed} removed, in {Milliseconds} ms")]
    private static partial void LogCrawled(ILogger logger, int members, int changed, int unchanged, int failed, int backingOff, int removed, double milliseconds);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Federated catalog: member {Did} failed ({Failures} in a row; next attempt in {Wait}): {Reason}")]
    private static partial void LogMemberFailed(ILogger logger, string did, int failures, TimeSpan wait, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Federated catalog: member directory entry {Did} skipped: {Reason}")]
    private static partial void LogMemberSkipped(ILogger logger, string did, string reason);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Federated catalog: member {Did} cut off at {Stored} datasets: {Reason}")]
    private static partial void LogMemberTruncated(ILogger logger, string did, int stored, string reason);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Error, Message = "Federated catalog: the member directory could not be read; the index keeps what it has: {Reason}")]
    private static partial void LogDirectoryFailed(ILogger logger, string reason);
}
