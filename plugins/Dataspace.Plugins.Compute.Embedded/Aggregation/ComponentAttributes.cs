using System.Text.Json;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>Typed reads of a task's attributes with a clear error for a value of the wrong kind.</summary>
internal static class ComponentAttributes
{
    public static int Integer(IReadOnlyDictionary<string, JsonElement> attributes, string name, int fallback)
    {
        if (!attributes.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var result))
            throw new ArgumentException($"The attribute '{name}' must be an integer.");
        return result;
    }

    public static double Number(IReadOnlyDictionary<string, JsonElement> attributes, string name, double fallback)
    {
        if (!attributes.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !double.IsFinite(value.GetDouble()))
            throw new ArgumentException($"The attribute '{name}' must be a finite number.");
        return value.GetDouble();
    }

    public static double? OptionalNumber(IReadOnlyDictionary<string, JsonElement> attributes, string name)
        => attributes.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? Number(attributes, name, 0) : null;

    public static string? String(IReadOnlyDictionary<string, JsonElement> attributes, string name)
    {
        if (!attributes.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new ArgumentException($"The attribute '{name}' must be a string.");
        return value.GetString();
    }

    public static IReadOnlyList<string> Strings(IReadOnlyDictionary<string, JsonElement> attributes, string name)
    {
        if (!attributes.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            throw new ArgumentException($"The attribute '{name}' must be an array of strings.");
        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>The column's position in the input, or an error naming the columns there are.</summary>
    public static int ColumnIndex(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
            if (string.Equals(columns[i], name, StringComparison.Ordinal)) return i;
        throw new ArgumentException($"The input has no column '{name}'; it has {string.Join(", ", columns)}.");
    }

    public static double ParseNumber(string text, string column, long row)
    {
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new ArgumentException($"Row {row} of column '{column}' is not a number.");
        return value;
    }
}
