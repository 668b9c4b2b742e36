using System.Globalization;
using Dataspace.Sdk.Metering;

namespace Dataspace.Connector.Metering.Pricing;

/// <summary>An agreement's price: <paramref name="Amount"/> of <paramref name="Currency"/> per <paramref name="Unit"/> (<see cref="PriceUnits"/>).</summary>
/// <param name="Amount">The price of one unit.</param>
/// <param name="Currency">The currency as the duty names it (ISO 4217 code or IRI).</param>
/// <param name="Unit">What the price is per.</param>
public sealed record Price(decimal Amount, string Currency, string Unit)
{
    private const decimal BytesPerMB = 1_000_000m;

    /// <summary>How many units <paramref name="usage"/> is (for <see cref="PriceUnits.PerPeriod"/>: 1 when anything was used in the period, else 0).</summary>
    public decimal Quantity(UsageTotals usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return Unit switch
        {
            PriceUnits.PerCall => usage.Requests,
            PriceUnits.PerMB => usage.Bytes / BytesPerMB,
            PriceUnits.PerRow => usage.Rows,
            PriceUnits.PerComputation => usage.Computations,
            PriceUnits.PerPeriod => usage.Requests + usage.Computations > 0 ? 1 : 0,
            _ => throw new InvalidOperationException($"price unit '{Unit}' is unknown; expected one of {string.Join(", ", PriceUnits.All)}"),
        };
    }

    /// <summary>The statement line for <paramref name="usage"/> of agreement <paramref name="agreementId"/>: quantity times price, rounded half away from zero to cents.</summary>
    public StatementLine Charge(string agreementId, UsageTotals usage)
    {
        var quantity = Quantity(usage);
        return new StatementLine(agreementId, Unit, quantity, Amount, Math.Round(quantity * Amount, 2, MidpointRounding.AwayFromZero));
    }

    /// <summary>As the duty would say it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount} {Currency} {Unit}");
}
