namespace Dataspace.Dsp.Internal;

/// <summary>Finds extension properties anywhere in a record: a message carrying them is not in canonical form.</summary>
internal static class ExtensionCheck
{
    public static bool HasExtensions(object? value) => value switch
    {
        null => false,
        ContractRequestMessage m => HasExtensions(m.Offer),
        ContractOfferMessage m => HasExtensions(m.Offer),
        ContractAgreementMessage m => HasExtensions(m.Agreement),
        Catalog c => c.Extensions is { Count: > 0 } || Any(c.Service) || Any(c.Dataset) || Any(c.Catalogs) || Any(c.Distribution) || Any(c.HasPolicy),
        Dataset d => d.Extensions is { Count: > 0 } || Any(d.HasPolicy) || Any(d.Distribution),
        Distribution d => d.Extensions is { Count: > 0 },
        DataService s => s.Extensions is { Count: > 0 },
        OdrlPolicy p => p.Extensions is { Count: > 0 } || Any(p.Permission) || Any(p.Prohibition) || Any(p.Obligation),
        OdrlRule r => r.Extensions is { Count: > 0 } || Any(r.Constraint) || Any(r.Duty),
        OdrlConstraint c => c.Extensions is { Count: > 0 } || Any(c.And) || Any(c.Or) || Any(c.Xone) || Any(c.AndSequence),
        _ => false,
    };

    private static bool Any<T>(IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            return false;
        }

        foreach (var item in items)
        {
            if (HasExtensions(item))
            {
                return true;
            }
        }

        return false;
    }
}
