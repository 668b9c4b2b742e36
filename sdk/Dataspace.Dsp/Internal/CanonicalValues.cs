using System.Text;
using System.Text.Json;

namespace Dataspace.Dsp.Internal;

/// <summary>The value-level rules of the canonical form: which identifiers and DCAT metadata compaction writes back unchanged.</summary>
internal static class CanonicalValues
{
    // Namespaces of the DSP context: compaction turns an IRI under them into a term or a prefixed name, so an
    // identifier written with one may read differently on the full path. So may one written with a prefix.
    private static readonly string[] Namespaces =
    [
        DspContext.Namespace, "http://www.w3.org/ns/odrl/2/", "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", "http://www.w3.org/2001/XMLSchema#",
    ];

    // Terms of the DSP context that map dct: and dcat: IRIs: written with a prefix they are not canonical.
    private static readonly HashSet<string> MappedIris = new(StringComparer.Ordinal)
    {
        "dcat:service", "dcat:catalog", "dcat:dataset", "dcat:distribution", "dcat:accessService", "dcat:endpointURL",
        "dcat:endpointDescription", "dct:format", "dcat:Catalog", "dcat:Dataset", "dcat:Distribution", "dcat:DataService",
    };

    // Terms of the DSP context and its ODRL profile that messages use as values (types, actions, operators, states),
    // and the connector's transfer formats: read as these shared strings instead of a new string each time.
    private static readonly (byte[] Utf8, string Value)[][] KnownByLength = IndexByLength(
    [
        "Offer", "Agreement", "Set", "Policy", "Permission", "Prohibition", "Duty", "Constraint", "use",
        "eq", "gt", "gteq", "lt", "lteq", "neq", "isA", "hasPart", "isPartOf", "isAllOf", "isAnyOf", "isNoneOf",
        "REQUESTED", "OFFERED", "ACCEPTED", "AGREED", "VERIFIED", "FINALIZED", "STARTED", "SUSPENDED", "COMPLETED", "TERMINATED",
        "HttpData-PULL", "HttpData-PUSH",
    ]);

    /// <summary>The shared string of a known vocabulary value given as unescaped UTF-8; null for any other value.</summary>
    public static string? Known(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length < KnownByLength.Length)
        {
            foreach (var (bytes, value) in KnownByLength[utf8.Length])
            {
                if (utf8.SequenceEqual(bytes))
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>Whether compaction writes the identifier back as it is: not empty, no keyword, no DSP prefix or namespace.</summary>
    public static bool IsKeptIdentifier(string value)
    {
        if (value.Length == 0 || value[0] == '@')
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        switch (value.AsSpan(0, colon))
        {
            case "dspace" or "odrl" or "dcat" or "dct" or "xsd":
                return false;
            case "http" or "https":
                foreach (var name in Namespaces)
                {
                    if (value.StartsWith(name, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>A <c>dct:</c> or <c>dcat:</c> term that the DSP context does not map (so compaction keeps the prefixed name).</summary>
    public static bool IsMetadataKey(string key) =>
        (key.StartsWith("dct:", StringComparison.Ordinal) || key.StartsWith("dcat:", StringComparison.Ordinal))
        && !key.EndsWith(':') && !MappedIris.Contains(key);

    /// <summary>A scalar, or an array of two or more scalars: what compaction writes for a plain metadata value.</summary>
    public static bool IsMetadataValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.GetArrayLength() >= 2 && value.EnumerateArray().All(IsScalar),
        _ => IsScalar(value),
    };

    private static (byte[] Utf8, string Value)[][] IndexByLength(string[] values)
    {
        var index = new List<(byte[], string)>[values.Max(v => v.Length) + 1];
        foreach (var value in values)
        {
            (index[value.Length] ??= []).Add((Encoding.UTF8.GetBytes(value), value));
        }

        return [.. index.Select(bucket => bucket?.ToArray() ?? [])];
    }

    private static bool IsScalar(JsonElement value) => value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;
}
