using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Runs a crawl every period while <see cref="FederatedCatalogOptions.Enabled"/> is set; a crawl longer than the period is followed at once by the next.</summary>
internal sealed partial class FederatedCatalogWorker : BackgroundService
{
    private readonly CatalogCrawler _crawler;
    private readonly IOptionsMonitor<FederatedCatalogOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FederatedCatalogWorker> _logger;

    public FederatedCatalogWorker(CatalogCrawler crawler, IOptionsMonitor<FederatedCatalogOptions> options, TimeProvider time, ILogger<FederatedCatalogWorker> logger)
    {
        _crawler = crawler;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.CurrentValue.Enabled)
        {
            return;
        }

        // Off the start-up path: the first crawl begins once the host has started.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
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
                try
                {
                    await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 5106, Level = LogLevel.Error, Message = "Federated catalog: a crawl failed; the next starts after the period")]
    private static partial void LogCrawlFailed(ILogger logger, Exception exception);
}
