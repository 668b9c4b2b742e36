using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Metering;

/// <summary>
/// At the end of each receipt period (<c>Connector:Metering:ReceiptPeriod</c>), exchanges one receipt per agreement we
/// provide that was used in it. What is done is what is stored: every pass checks each closed period within
/// <c>Connector:Metering:ReceiptLookbackPeriods</c> that is not yet settled (a counter-party out of reach, a restart, a
/// connector that was down at a period's end), oldest first, and exchanges only for agreements without a settled receipt.
/// </summary>
internal sealed partial class ReceiptPeriodWorker : BackgroundService
{
    /// <summary>The work lease whose holder, of the instances sharing a database, runs the period worker.</summary>
    public const string LeaseName = "metering.receipt-periods";

    // Passes are at most a minute apart, so the holder renews well before the lease runs out; a holder that stops is
    // replaced by another instance within this.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(3);

    private readonly ReceiptExchange _exchange;
    private readonly IUsageRecordStore _records;
    private readonly IUsageReceiptStore _receipts;
    private readonly IOptions<MeteringOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReceiptPeriodWorker> _logger;
    private readonly IWorkLeaseStore? _leases;
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    // Ends of closed periods that were used and whose every used agreement has a settled receipt: not summarised again
    // (pruned past the lookback). Unused periods are summarised at every pass: records dated in them may still arrive.
    private readonly HashSet<DateTimeOffset> _settled = [];

    public ReceiptPeriodWorker(ReceiptExchange exchange, IUsageRecordStore records, IUsageReceiptStore receipts, IEnumerable<IWorkLeaseStore> leases, IOptions<MeteringOptions> options, TimeProvider time, ILogger<ReceiptPeriodWorker> logger)
    {
        // A storage provider without leases (a third-party one) runs the worker in every instance, as before.
        _leases = leases.LastOrDefault();
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
                var (_, end) = LastClosedPeriod(_time.GetUtcNow(), period);
                if (await TryLeadAsync(stoppingToken).ConfigureAwait(false))
                {
                    await SettleClosedPeriodsAsync(end, period, stoppingToken).ConfigureAwait(false);
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

    // Of the instances sharing the database only the lease's holder settles periods (the others would repeat its work).
    private async Task<bool> TryLeadAsync(CancellationToken cancellationToken)
    {
        if (_leases is null)
        {
            return true;
        }

        try
        {
            return await _leases.TryAcquireAsync(LeaseName, _holder, _time.GetUtcNow(), LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogLeaseFailed(_logger, e);
            return false;
        }
    }

    /// <summary>Settles every closed period within the lookback that is not settled yet, oldest first; the last one ends at <paramref name="lastEnd"/>.</summary>
    internal async Task SettleClosedPeriodsAsync(DateTimeOffset lastEnd, TimeSpan period, CancellationToken cancellationToken)
    {
        var lookback = _options.Value.ReceiptLookbackPeriods;
        var oldestEnd = lastEnd - (period * (lookback - 1));
        _settled.RemoveWhere(e => e < oldestEnd);
        for (var end = oldestEnd; end <= lastEnd; end += period)
        {
            var start = end - period;
            if (start < DateTimeOffset.UnixEpoch || _settled.Contains(end))
            {
                continue;
            }

            try
            {
                if (await SettleAsync(start, end, cancellationToken).ConfigureAwait(false))
                {
                    _settled.Add(end);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFailed(_logger, start, end, e);
            }
        }
    }

    // True when the period was used and every agreement used in it has a settled receipt for it.
    private async Task<bool> SettleAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var settled = true;
        var used = await _records.SummarizeAsync(new UsageQuery { Role = ProcessRole.Provider, From = start, To = end }, cancellationToken).ConfigureAwait(false);
        foreach (var agreement in used.Select(s => s.AgreementId).Distinct(StringComparer.Ordinal))
        {
            var id = ReceiptIds.ForPeriod(agreement, start, end);
            if (await _receipts.GetAsync(id, cancellationToken).ConfigureAwait(false) is { State: not ReceiptState.Pending })
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

            settled &= await _receipts.GetAsync(id, cancellationToken).ConfigureAwait(false) is { State: not ReceiptState.Pending };
        }

        return settled && used.Count > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage receipts: the period worker's lease could not be read; this pass is skipped")]
    private static partial void LogLeaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage receipts for the period {Start} - {End}: an exchange failed; retried at the next pass")]
    private static partial void LogFailed(ILogger logger, DateTimeOffset start, DateTimeOffset end, Exception exception);
}
