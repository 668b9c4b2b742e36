using System.Collections.Concurrent;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Transfer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Tck;

/// <summary>
/// Our moves as consumer in the TCK's consumer transfer cases (TP_C:02-xx): for transfers under the seed's consumer
/// agreements, each <c>state:action</c> word of the agreement's script is done, in order, once the transfer is in that
/// state and every message we queued for it was delivered (a termination drops undelivered messages). The engine has no
/// consumer-side hook, so TCK mode watches its consumer transfers; nothing of this runs outside TCK mode.
/// </summary>
internal sealed partial class TckConsumerTransfers : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly TckSeed _seed;
    private readonly ITransferStore _transfers;
    private readonly TransferManager _manager;
    private readonly IOutboxStore _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger<TckConsumerTransfers> _logger;

    // How far each transfer has got through its agreement's script (lost on restart, like the TCK's own run).
    private readonly ConcurrentDictionary<string, int> _positions = new(StringComparer.Ordinal);

    public TckConsumerTransfers(TckSeed seed, ITransferStore transfers, TransferManager manager, IOutboxStore outbox, TimeProvider time, ILogger<TckConsumerTransfers> logger)
    {
        _seed = seed;
        _transfers = transfers;
        _manager = manager;
        _outbox = outbox;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scripts = _seed.Agreements.Where(a => a.Side == "consumer" && a.Transfer.Count > 0).ToDictionary(a => a.Id, a => a.Transfer, StringComparer.Ordinal);
        if (scripts.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await StepAsync(scripts, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStepFailed(_logger, e);
            }
        }
    }

    private async Task StepAsync(Dictionary<string, IReadOnlyList<string>> scripts, CancellationToken cancellationToken)
    {
        foreach (var state in new[] { TransferState.Requested, TransferState.Started, TransferState.Suspended })
        {
            foreach (var transfer in await _transfers.InStateAsync(ProcessRole.Consumer, state, cancellationToken).ConfigureAwait(false))
            {
                if (transfer.PeerPid is null || !scripts.TryGetValue(transfer.AgreementId, out var script))
                {
                    continue;
                }

                var position = _positions.GetOrAdd(transfer.Id, 0);
                if (position >= script.Count || !script[position].StartsWith(WordPrefix(state), StringComparison.Ordinal))
                {
                    continue;
                }

                // Read afresh for each move: a move made earlier in this step (a suspension, say) stores a message that the
                // next move (a termination) must not overtake, or the termination would drop it undelivered.
                if (await _outbox.IsPendingAsync(transfer.Id, null, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var result = await _manager.ActAsync(transfer.Id, TckSeed.ConsumerTransferWords[script[position]], $"the TCK seed scripts it for agreement '{transfer.AgreementId}'", cancellationToken).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    _positions[transfer.Id] = position + 1;
                }
            }
        }
    }

    private static string WordPrefix(TransferState state) => state switch
    {
        TransferState.Requested => "requested:",
        TransferState.Started => "started:",
        _ => "suspended:",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "TCK consumer transfer script step failed")]
    private static partial void LogStepFailed(ILogger logger, Exception exception);
}
