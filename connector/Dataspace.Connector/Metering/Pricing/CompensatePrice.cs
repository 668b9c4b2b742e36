using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;

namespace Dataspace.Connector.Metering.Pricing;

/// <summary>
/// Reads an agreement's price from its <c>odrl:compensate</c> duty: the <c>odrl:payAmount</c> refinement (operator
/// <c>eq</c>, a number, the currency as its <c>odrl:unit</c>) and an optional <c>odrl:unitOfCount</c> refinement naming
/// what the amount is per (<see cref="PriceUnits"/>; per period when absent).
/// </summary>
public static class CompensatePrice
{
    /// <summary>
    /// The price, or null when the policy has no compensate duty; a compensate duty that cannot be priced gives the reason.
    /// Duties are looked for in the permissions' duties and in the obligations; with several, they must not differ.
    /// </summary>
    public static (Price? Price, string? Error) Read(OdrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var duties = policy.Permissions.SelectMany(p => p.Duties).Concat(policy.Obligations)
            .Where(d => d.Action.Iri == Odrl.Compensate).ToList();
        if (duties.Count == 0)
        {
            return (null, null);
        }

        Price? found = null;
        foreach (var duty in duties)
        {
            var (price, error) = ReadDuty(duty);
            if (price is null)
            {
                return (null, error);
            }

            if (found is not null && found != price)
            {
                return (null, $"the policy has compensate duties with different prices ({found} and {price}); one price per agreement is expected");
            }

            found = price;
        }

        return (found, null);
    }

    private static (Price? Price, string? Error) ReadDuty(OdrlRule duty)
    {
        var refinements = duty.Action.Refinements.OfType<AtomicConstraint>().ToList();
        var pay = refinements.Where(r => r.LeftOperand == Odrl.PayAmount).ToList();
        if (pay.Count != 1 || pay[0] is not { Operator: ConstraintOperator.Eq } amount || amount.RightOperand.Kind != PolicyValueKind.Number && amount.RightOperand.ConvertTo(PolicyValueKind.Number).Kind != PolicyValueKind.Number)
        {
            return (null, "the compensate duty needs exactly one payAmount refinement with operator eq and a number (e.g. { \"leftOperand\": \"payAmount\", \"operator\": \"eq\", \"rightOperand\": 0.05, \"unit\": \"EUR\" })");
        }

        if (string.IsNullOrWhiteSpace(amount.Unit))
        {
            return (null, "the compensate duty's payAmount has no unit; its unit names the currency (e.g. \"EUR\")");
        }

        var value = amount.RightOperand.Kind == PolicyValueKind.Number ? amount.RightOperand.Number : amount.RightOperand.ConvertTo(PolicyValueKind.Number).Number;
        if (value < 0)
        {
            return (null, $"the compensate duty's payAmount is negative ({value})");
        }

        var counts = refinements.Where(r => r.LeftOperand == Odrl.UnitOfCount).ToList();
        if (counts.Count > 1)
        {
            return (null, "the compensate duty has more than one unitOfCount refinement");
        }

        var unit = PriceUnits.PerPeriod;
        if (counts.Count == 1)
        {
            var parsed = counts[0].RightOperand.Text is { } declared ? PriceUnits.Parse(declared) : null;
            if (parsed is null || counts[0].Operator != ConstraintOperator.Eq)
            {
                return (null, $"the compensate duty's unitOfCount must be 'eq' one of {string.Join(", ", PriceUnits.All)}; it is '{counts[0].RightOperand}'");
            }

            unit = parsed;
        }

        return (new Price(value, Currency(amount.Unit), unit), null);
    }

    // A currency given as an IRI (e.g. http://dbpedia.org/resource/Euro) is kept as it is; a code is upper-cased.
    private static string Currency(string unit) => unit.Contains(':', StringComparison.Ordinal) ? unit : unit.ToUpperInvariant();
}
