using Dataspace.Sdk.Metering;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Metering;

/// <summary>
/// At the end of each receipt period (<c>Connector:Metering:ReceiptPeriod</c>), exchanges one receipt per agreement we
/// provide that was used in it. What is done is what is stored: after a restart the last closed period is checked again
/// and only agreements without a receipt for it are exchanged.
/// </summary>
internal sealed partial class ReceiptPeriodWorker : BackgroundService
{
    private readonly ReceiptExchange _exchange;
    private readonly IUsageRecordStore _records;
    private readonly IUsageReceiptStore _receipts;
    private readonly IOptions<MeteringOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReceiptPeriodWorker> _logger;

    public ReceiptPeriodWorker(ReceiptExchange exchange, IUsageRecordStore records, IUsageReceiptStore receipts, IOptions<MeteringOptions> options, TimeProvider time, ILogger<ReceiptPeriodWorker> logger)
    {
        _exchange = exchange;
        _records = records;
        _receipts = receipts;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The period [start, end) that ended last before <paramref name="now"/>, aligned to the Unix epoch.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) LastClosedPeriod(DateTimeOffset now, TimeSpan period)
    {
        var ticks = (now - DateTimeOffset.UnixEpoch).Ticks;
        var end = DateTimeOffset.UnixEpoch.AddTicks(ticks - (ticks % period.Ticks));
        return (end - period, end);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_exchange.Enabled)
        {
            return;
        }

        var period = _options.Value.ReceiptPeriod;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var (start, end) = LastClosedPeriod(_time.GetUtcNow(), period);
                try
                {
                    await SettleAsync(start, end, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(_logger, start, end, e);
                }

                // Again at the next period's end, or sooner (at most a minute) to retry what failed.
                var wait = end + period - _time.GetUtcNow();
                await Task.Delay(wait < TimeSpan.FromMinutes(1) ? (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) + TimeSpan.FromMilliseconds(50) : TimeSpan.FromMinutes(1), _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or disposed after a start that failed (port in use): the host must not report this as a crash.
        }
    }

    private async Task SettleAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var used = await _records.SummarizeAsync(new UsageQuery { Role = ProcessRole.Provider, From = start, To = end }, cancellationToken).ConfigureAwait(false);
        foreach (var agreement in used.Select(s => s.AgreementId).Distinct(StringComparer.Ordinal))
        {
            if (await _receipts.GetAsync(ReceiptIds.ForPeriod(agreement, start, end), cancellationToken).ConfigureAwait(false) is { State: not ReceiptState.Pending })
            {
                continue;
            }

            try
            {
                await _exchange.ExchangeForPeriodAsync(agreement, start, end, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                // One counter-party out of reach must not hold up the others; it is tried again at the next pass.
                LogFailed(_logger, start, end, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage receipts for the period {Start} - {End}: an exchange failed; retried at the next pass")]
    private static partial void LogFailed(ILogger logger, DateTimeOffset start, DateTimeOffset end, Exception exception);
}
