namespace Dataspace.Connector.Metering;

/// <summary>
/// How many usage summaries each peer may send us to countersign in one receipt period (the wall-clock period, aligned
/// like receipt periods): a peer cannot make us verify, count and sign without end. Counts are this instance's.
/// </summary>
/// <remarks>Called concurrently. Holds one counter per peer that sent in the current period; a new period starts them afresh.</remarks>
internal sealed class SummaryBudget
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private DateTimeOffset _periodEnd = DateTimeOffset.MinValue;

    /// <summary>Takes one of <paramref name="peer"/>'s <paramref name="limit"/> summaries for the period holding <paramref name="now"/>; false (and the period's end) when none is left.</summary>
    public bool TryTake(string peer, DateTimeOffset now, TimeSpan period, int limit, out DateTimeOffset periodEnd)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var (_, end) = ReceiptPeriodWorker.LastClosedPeriod(now, period);
        periodEnd = end + period;
        lock (_gate)
        {
            if (periodEnd != _periodEnd)
            {
                _counts.Clear();
                _periodEnd = periodEnd;
            }

            var count = _counts.GetValueOrDefault(peer);
            if (count >= limit)
            {
                return false;
            }

            _counts[peer] = count + 1;
            return true;
        }
    }
}
