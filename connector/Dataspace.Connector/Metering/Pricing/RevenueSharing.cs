namespace Dataspace.Connector.Metering.Pricing;

/// <summary>
/// Splits what a computation over several providers' data earned among them by a declared rule: equal shares, or
/// shares by the rows each contributed. Amounts are in cents so the shares always add up to the whole.
/// </summary>
public static class RevenueSharing
{
    /// <summary>Everyone gets the same share.</summary>
    public const string Equal = "equal";

    /// <summary>Each provider's share is proportional to the rows it contributed.</summary>
    public const string ByRows = "byRows";

    /// <summary>
    /// Each provider's share of <paramref name="total"/> (rounded to cents; the cents left by rounding go one each to the
    /// largest remainders, then in the order given, so the shares add up to the total exactly).
    /// </summary>
    /// <param name="total">What the computation earned (not negative).</param>
    /// <param name="rule"><see cref="Equal"/> or <see cref="ByRows"/>.</param>
    /// <param name="contributions">Each provider with the rows it contributed, in a stable order; ids must differ.</param>
    /// <exception cref="ArgumentException">An unknown rule, no or repeated providers, negative rows or total, or no rows at all under <see cref="ByRows"/>.</exception>
    public static IReadOnlyList<(string ProviderId, decimal Share)> Split(decimal total, string rule, IReadOnlyList<(string ProviderId, long Rows)> contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        if (total < 0)
        {
            throw new ArgumentException($"the total to share is negative ({total})", nameof(total));
        }

        if (contributions.Count == 0)
        {
            throw new ArgumentException("no providers to share among", nameof(contributions));
        }

        if (contributions.Select(c => c.ProviderId).Distinct(StringComparer.Ordinal).Count() != contributions.Count)
        {
            throw new ArgumentException("a provider is named more than once", nameof(contributions));
        }

        if (contributions.Any(c => c.Rows < 0))
        {
            throw new ArgumentException("a provider's rows are negative", nameof(contributions));
        }

        var weights = rule switch
        {
            Equal => contributions.Select(_ => 1m).ToList(),
            ByRows => contributions.Select(c => (decimal)c.Rows).ToList(),
            _ => throw new ArgumentException($"revenue-sharing rule '{rule}' is unknown; expected '{Equal}' or '{ByRows}'", nameof(rule)),
        };
        var sum = weights.Sum();
        if (sum == 0)
        {
            throw new ArgumentException("no provider contributed any rows, so there is nothing to share by", nameof(contributions));
        }

        // Largest-remainder apportionment of whole cents.
        var cents = decimal.Round(total * 100, 0, MidpointRounding.AwayFromZero);
        var exact = weights.Select(w => cents * w / sum).ToList();
        var floors = exact.Select(decimal.Floor).ToList();
        var left = (int)(cents - floors.Sum());
        foreach (var i in Enumerable.Range(0, exact.Count).OrderByDescending(i => exact[i] - floors[i]).ThenBy(i => i).Take(left))
        {
            floors[i] += 1;
        }

        return [.. contributions.Select((c, i) => (c.ProviderId, floors[i] / 100))];
    }
}
