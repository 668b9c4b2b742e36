namespace Dataspace.Connector.Metering.Pricing;

/// <summary>
/// What a compensate duty's price is per, as the value of its <c>odrl:unitOfCount</c> refinement (a term, or an IRI
/// ending in it); a duty without one is priced per period.
/// </summary>
public static class PriceUnits
{
    /// <summary>Per request (a pull, a push delivery).</summary>
    public const string PerCall = "perCall";

    /// <summary>Per megabyte delivered (10^6 bytes, pro rata).</summary>
    public const string PerMB = "perMB";

    /// <summary>Per row read or computed on.</summary>
    public const string PerRow = "perRow";

    /// <summary>Once per statement period in which the agreement was used.</summary>
    public const string PerPeriod = "perPeriod";

    /// <summary>Per computation run.</summary>
    public const string PerComputation = "perComputation";

    /// <summary>Every unit, for messages.</summary>
    public static IReadOnlyList<string> All { get; } = [PerCall, PerMB, PerRow, PerPeriod, PerComputation];

    /// <summary>The unit named by <paramref name="value"/> (a term, or an IRI ending in <c>/</c>, <c>#</c> or <c>:</c> and the term); null when none.</summary>
    public static string? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var unit in All)
        {
            if (string.Equals(value, unit, StringComparison.OrdinalIgnoreCase)
                || (value.Length > unit.Length && value.EndsWith(unit, StringComparison.OrdinalIgnoreCase) && value[^(unit.Length + 1)] is '/' or '#' or ':'))
            {
                return unit;
            }
        }

        return null;
    }
}
