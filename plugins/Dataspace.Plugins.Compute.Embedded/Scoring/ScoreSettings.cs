using System.Globalization;
using System.Text.Json;

namespace Dataspace.Plugins.Compute.Embedded.Scoring;

/// <summary>The attributes of one <c>ml/score:1</c> task, parsed and checked the same way at both parties.</summary>
internal sealed record ScoreSettings(
    string Mode,
    IReadOnlyList<string> FeatureColumns,
    IReadOnlyList<string> OutputColumns,
    string? KeyColumn,
    double Threshold,
    int BatchSize,
    long MaxModelBytes)
{
    public const string ModeRows = "rows";
    public const string ModeAggregate = "aggregate";
    public const int DefaultBatchSize = 1024;
    public const int MaxBatchSize = 65_536;
    public const long DefaultMaxModelBytes = 64L * 1024 * 1024;

    // A hard ceiling over the attribute: the model is held in memory once at the data holder.
    public const long MaxMaxModelBytes = 1024L * 1024 * 1024;

    public bool Aggregate => Mode == ModeAggregate;

    public static bool TryParse(IReadOnlyDictionary<string, JsonElement> attributes, out ScoreSettings settings, out string error)
    {
        settings = null!;
        error = "";
        var mode = ModeRows;
        if (attributes.TryGetValue("mode", out var m))
        {
            if (m.ValueKind != JsonValueKind.String || m.GetString() is not (ModeRows or ModeAggregate))
                return Fail($"The attribute 'mode' must be '{ModeRows}' or '{ModeAggregate}'.", out error);
            mode = m.GetString()!;
        }
        if (!TryStrings(attributes, "feature_columns", out var features, out error)) return false;
        if (features.Count == 0) return Fail("The attribute 'feature_columns' must list at least one input column.", out error);
        if (!TryStrings(attributes, "output_columns", out var outputs, out error)) return false;
        if (outputs.Count == 0) return Fail("The attribute 'output_columns' must list at least one model output.", out error);
        if (mode == ModeAggregate && outputs.Count != 1)
            return Fail("In aggregate mode 'output_columns' must name exactly one model output (the score).", out error);
        string? key = null;
        if (attributes.TryGetValue("key_column", out var k) && k.ValueKind != JsonValueKind.Null)
        {
            if (k.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(k.GetString()))
                return Fail("The attribute 'key_column' must be a column name.", out error);
            key = k.GetString();
            if (mode == ModeAggregate) return Fail("Aggregate mode releases no rows: 'key_column' must not be set.", out error);
            if (outputs.Contains(key!, StringComparer.Ordinal)) return Fail("The attribute 'key_column' must differ from every output column.", out error);
        }
        var threshold = 0.5;
        if (attributes.TryGetValue("threshold", out var t))
        {
            if (t.ValueKind != JsonValueKind.Number || !double.IsFinite(t.GetDouble())) return Fail("The attribute 'threshold' must be a finite number.", out error);
            threshold = t.GetDouble();
        }
        if (!TryInteger(attributes, "batch_size", DefaultBatchSize, 1, MaxBatchSize, out var batch, out error)) return false;
        if (!TryInteger(attributes, "max_model_bytes", DefaultMaxModelBytes, 1, MaxMaxModelBytes, out var maxModel, out error)) return false;
        settings = new ScoreSettings(mode, features, outputs, key, threshold, (int)batch, maxModel);
        return true;
    }

    private static bool TryStrings(IReadOnlyDictionary<string, JsonElement> attributes, string name, out List<string> values, out string error)
    {
        values = [];
        error = "";
        if (!attributes.TryGetValue(name, out var a) || a.ValueKind != JsonValueKind.Array)
            return Fail($"The attribute '{name}' must be an array of column names.", out error);
        foreach (var item in a.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()) || item.GetString()!.Length > 256)
                return Fail($"The attribute '{name}' must hold non-empty column names of at most 256 characters.", out error);
            if (values.Contains(item.GetString()!, StringComparer.Ordinal)) return Fail($"The attribute '{name}' names '{item.GetString()}' twice.", out error);
            values.Add(item.GetString()!);
        }
        return true;
    }

    private static bool TryInteger(IReadOnlyDictionary<string, JsonElement> attributes, string name, long fallback, long min, long max, out long value, out string error)
    {
        value = fallback;
        error = "";
        if (!attributes.TryGetValue(name, out var a)) return true;
        if (a.ValueKind != JsonValueKind.Number || !a.TryGetInt64(out value) || value < min || value > max)
            return Fail(string.Create(CultureInfo.InvariantCulture, $"The attribute '{name}' must be an integer from {min} to {max}."), out error);
        return true;
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
