namespace Dataspace.Portal.Components.Common;

/// <summary>What happened on one day: negotiations and transfers started.</summary>
public sealed record ActivityDay(DateOnly Day, int Negotiations, int Transfers)
{
    /// <summary>
    /// One entry per day of the <paramref name="days"/> days up to <paramref name="today"/> (oldest first), counting the
    /// given creation times; times outside the window are ignored.
    /// </summary>
    public static IReadOnlyList<ActivityDay> Count(IEnumerable<DateTimeOffset> negotiations, IEnumerable<DateTimeOffset> transfers, DateOnly today, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var first = today.AddDays(1 - days);
        var n = negotiations.Select(t => DateOnly.FromDateTime(t.UtcDateTime)).Where(d => d >= first && d <= today).CountBy(d => d).ToDictionary();
        var x = transfers.Select(t => DateOnly.FromDateTime(t.UtcDateTime)).Where(d => d >= first && d <= today).CountBy(d => d).ToDictionary();
        return [.. Enumerable.Range(0, days).Select(i => first.AddDays(i)).Select(d => new ActivityDay(d, n.GetValueOrDefault(d), x.GetValueOrDefault(d)))];
    }
}
