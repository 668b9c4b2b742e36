using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>
/// Runs a crawl every period while <see cref="FederatedCatalogOptions.Enabled"/> is set or once the
/// <see cref="FederatedCatalogTrigger"/> was activated (joining a data space); a crawl longer than the period is
/// followed at once by the next.
/// </summary>
internal sealed partial class FederatedCatalogWorker : BackgroundService
{
    private readonly CatalogCrawler _crawler;
    private readonly FederatedCatalogTrigger _trigger;
    private readonly IOptionsMonitor<FederatedCatalogOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FederatedCatalogWorker> _logger;

    public FederatedCatalogWorker(CatalogCrawler crawler, FederatedCatalogTrigger trigger, IOptionsMonitor<FederatedCatalogOptions> options, TimeProvider time, ILogger<FederatedCatalogWorker> logger)
    {
        _crawler = crawler;
        _trigger = trigger;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the first crawl begins once the host has started.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the crawl: an activation during it starts the next one at once.
            var wake = _trigger.Next;
            if (!_options.CurrentValue.Enabled && !_trigger.IsActive)
            {
                try
                {
                    await wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var started = _time.GetTimestamp();
            try
            {
                await _crawler.CrawlAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed crawl (the index's disk, a bug) must not stop the next one; it is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogCrawlFailed(_logger, e);
            }

            var wait = _options.CurrentValue.Period - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                using var period = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(wait, _time, period.Token);
                await Task.WhenAny(delay, wake).ConfigureAwait(false);
                await period.CancelAsync().ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 5106, Level = LogLevel.Error, Message = "Federated catalog: a crawl failed; the next starts after the period")]
    private static partial void LogCrawlFailed(ILogger logger, Exception exception);
}
