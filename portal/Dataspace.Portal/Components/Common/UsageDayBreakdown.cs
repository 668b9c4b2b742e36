using Dataspace.Connector.Client;

namespace Dataspace.Portal.Components.Common;

/// <summary>The usage of one day (UTC) under one key (an agreement, or a counterparty): bytes moved and calls made.</summary>
/// <param name="Day">The day.</param>
/// <param name="Key">The agreement id or counterparty DID.</param>
/// <param name="CounterPartyId">The counterparty of an agreement's row; the key itself in a counterparty's row.</param>
/// <param name="Bytes">The bytes of the day's records.</param>
/// <param name="Calls">The requests of the day's records.</param>
public sealed record UsageDayBreakdown(DateOnly Day, string Key, string CounterPartyId, long Bytes, long Calls)
{
    /// <summary>Per day and agreement, newest day first, then by bytes; only days with usage, within the <paramref name="days"/> days up to <paramref name="today"/>.</summary>
    public static IReadOnlyList<UsageDayBreakdown> PerAgreement(IEnumerable<UsageRecord> records, DateOnly today, int days) =>
        Sum(records, today, days, r => (r.AgreementId, r.CounterPartyId));

    /// <summary>Per day and counterparty, newest day first, then by bytes; only days with usage, within the <paramref name="days"/> days up to <paramref name="today"/>.</summary>
    public static IReadOnlyList<UsageDayBreakdown> PerCounterParty(IEnumerable<UsageRecord> records, DateOnly today, int days) =>
        Sum(records, today, days, r => (r.CounterPartyId, r.CounterPartyId));

    private static List<UsageDayBreakdown> Sum(IEnumerable<UsageRecord> records, DateOnly today, int days, Func<UsageRecord, (string Key, string CounterParty)> key)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var first = today.AddDays(1 - days);
        return [.. records
            .Select(r => (Day: DateOnly.FromDateTime(r.At.UtcDateTime), Key: key(r), r.Bytes, r.Requests))
            .Where(r => r.Day >= first && r.Day <= today)
            .GroupBy(r => (r.Day, r.Key))
            .Select(g => new UsageDayBreakdown(g.Key.Day, g.Key.Key.Key, g.Key.Key.CounterParty, g.Sum(r => r.Bytes), g.Sum(r => r.Requests)))
            .OrderByDescending(u => u.Day).ThenByDescending(u => u.Bytes).ThenBy(u => u.Key, StringComparer.Ordinal)];
    }
}
