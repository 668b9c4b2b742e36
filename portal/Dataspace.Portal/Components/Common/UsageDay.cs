using Dataspace.Connector.Client;

namespace Dataspace.Portal.Components.Common;

/// <summary>The usage of one day (UTC): bytes moved and calls (requests) made.</summary>
public sealed record UsageDay(DateOnly Day, long Bytes, long Calls)
{
    /// <summary>
    /// One entry per day of the <paramref name="days"/> days up to <paramref name="today"/> (oldest first), adding up the
    /// records' bytes and requests; records outside the window are ignored.
    /// </summary>
    public static IReadOnlyList<UsageDay> Sum(IEnumerable<UsageRecord> records, DateOnly today, int days)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var first = today.AddDays(1 - days);
        var sums = records
            .Select(r => (Day: DateOnly.FromDateTime(r.At.UtcDateTime), r.Bytes, r.Requests))
            .Where(r => r.Day >= first && r.Day <= today)
            .GroupBy(r => r.Day)
            .ToDictionary(g => g.Key, g => (Bytes: g.Sum(r => r.Bytes), Calls: g.Sum(r => r.Requests)));
        return [.. Enumerable.Range(0, days).Select(i => first.AddDays(i))
            .Select(d => sums.TryGetValue(d, out var s) ? new UsageDay(d, s.Bytes, s.Calls) : new UsageDay(d, 0, 0))];
    }
}
