using Dataspace.Connector.FederatedCatalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Identity.Join;

/// <summary>
/// Follows an application in the background until it ends (joined or rejected), so no client has to keep polling; once
/// joined (or at start when joined before), starts the federated catalog's crawl of the space's members.
/// </summary>
internal sealed partial class JoinMonitor : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly JoinService _join;
    private readonly FederatedCatalogTrigger _crawl;
    private readonly TimeProvider _time;
    private readonly ILogger<JoinMonitor> _logger;

    public JoinMonitor(JoinService join, FederatedCatalogTrigger crawl, TimeProvider time, ILogger<JoinMonitor> logger)
    {
        _join = join;
        _crawl = crawl;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, _time, stoppingToken).ConfigureAwait(false);
                var state = await _join.GetAsync(stoppingToken).ConfigureAwait(false);
                if (state is { IsFinal: false })
                {
                    state = await _join.AdvanceAsync(stoppingToken).ConfigureAwait(false);
                }

                if (state is { Phase: JoinState.Joined } && !_crawl.IsActive)
                {
                    // A member expects to find what the space offers: crawl its registry's members now and every period.
                    LogCrawling(_logger, state.AuthorityUrl.AbsoluteUri);
                    _crawl.Activate();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // A damaged state file is reported through the management API too; the loop keeps going for the next change.
                LogFailed(_logger, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 4036, Level = LogLevel.Information, Message = "Joined the data space of {Authority}: the federated catalog crawls the members of its participant registry")]
    private static partial void LogCrawling(ILogger logger, string authority);

    [LoggerMessage(EventId = 4035, Level = LogLevel.Warning, Message = "Following the data-space application failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
