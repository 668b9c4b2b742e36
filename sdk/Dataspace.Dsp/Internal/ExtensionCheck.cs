using System.Text.Json;

namespace Dataspace.Dsp.Internal;

/// <summary>
/// Finds extension properties that keep a record off the fast path. DCAT metadata written as the full path would write it
/// (dct: or dcat: terms the DSP context does not map, with scalar values or arrays of two or more scalars) is canonical;
/// anything else needs full JSON-LD processing to be read the same way.
/// </summary>
internal static class ExtensionCheck
{
    // Terms of the DSP context that map dct: and dcat: IRIs: written with a prefix they are not canonical.
    private static readonly HashSet<string> MappedIris = new(StringComparer.Ordinal)
    {
        "dcat:service", "dcat:catalog", "dcat:dataset", "dcat:distribution", "dcat:accessService", "dcat:endpointURL",
        "dcat:endpointDescription", "dct:format", "dcat:Catalog", "dcat:Dataset", "dcat:Distribution", "dcat:DataService",
    };

    public static bool HasExtensions(object? value) => value switch
    {
        null => false,
        ContractRequestMessage m => HasExtensions(m.Offer),
        ContractOfferMessage m => HasExtensions(m.Offer),
        ContractAgreementMessage m => HasExtensions(m.Agreement),
        Catalog c => !Canonical(c.Extensions) || Any(c.Service) || Any(c.Dataset) || Any(c.Catalogs) || Any(c.Distribution) || Any(c.HasPolicy),
        Dataset d => !Canonical(d.Extensions) || Any(d.HasPolicy) || Any(d.Distribution),
        Distribution d => !Canonical(d.Extensions),
        DataService s => !Canonical(s.Extensions),
        OdrlPolicy p => p.Extensions is { Count: > 0 } || Any(p.Permission) || Any(p.Prohibition) || Any(p.Obligation),
        OdrlRule r => r.Extensions is { Count: > 0 } || Any(r.Constraint) || Any(r.Duty),
        OdrlConstraint c => c.Extensions is { Count: > 0 } || Any(c.And) || Any(c.Or) || Any(c.Xone) || Any(c.AndSequence),
        _ => false,
    };

    private static bool Canonical(Dictionary<string, JsonElement>? extensions)
    {
        if (extensions is null)
        {
            return true;
        }

        foreach (var (key, value) in extensions)
        {
            if (!(key.StartsWith("dct:", StringComparison.Ordinal) || key.StartsWith("dcat:", StringComparison.Ordinal))
                || key.EndsWith(':') || MappedIris.Contains(key))
            {
                return false;
            }

            var canonicalValue = value.ValueKind switch
            {
                JsonValueKind.Array => value.GetArrayLength() >= 2 && value.EnumerateArray().All(IsScalar),
                _ => IsScalar(value),
            };
            if (!canonicalValue)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsScalar(JsonElement value) => value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

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
