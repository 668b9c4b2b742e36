using System.Globalization;
using System.Text.Json;

namespace Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

/// <summary>The attributes of one <c>vfl/lr:1</c> task, parsed the same way at every party.</summary>
internal sealed record VflSettings(
    string IdColumn,
    string LabelColumn,
    int Epochs,
    int BatchSize,
    double LearningRate,
    int KeyBits,
    bool ComputeLoss)
{
    public const int DefaultKeyBits = 2048;

    public static bool TryParse(IReadOnlyDictionary<string, JsonElement> attributes, int minimumKeyBits, out VflSettings settings, out string error)
    {
        settings = null!;
        error = "";
        if (!TryString(attributes, "id_column", out var id, ref error) || !TryString(attributes, "label_column", out var label, ref error)) return false;
        if (!TryInt(attributes, "epochs", 10, 1, 1000, out var epochs, ref error)) return false;
        if (!TryInt(attributes, "batch_size", 256, 1, 65_536, out var batch, ref error)) return false;
        if (!TryInt(attributes, "key_bits", DefaultKeyBits, 256, 8192, out var bits, ref error)) return false;
        if (bits < minimumKeyBits)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"The attribute 'key_bits' is {bits}; Paillier keys here have at least {minimumKeyBits} bits.");
            return false;
        }
        var rate = 0.15;
        if (attributes.TryGetValue("learning_rate", out var r))
        {
            if (r.ValueKind != JsonValueKind.Number || !double.IsFinite(r.GetDouble()) || r.GetDouble() <= 0 || r.GetDouble() > 10)
            {
                error = "The attribute 'learning_rate' must be a number in (0, 10].";
                return false;
            }
            rate = r.GetDouble();
        }
        var loss = false;
        if (attributes.TryGetValue("compute_loss", out var l))
        {
            if (l.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = "The attribute 'compute_loss' must be true or false.";
                return false;
            }
            loss = l.GetBoolean();
        }
        settings = new VflSettings(id, label, epochs, batch, rate, bits, loss);
        return true;
    }

    private static bool TryString(IReadOnlyDictionary<string, JsonElement> attributes, string name, out string value, ref string error)
    {
        value = "";
        if (!attributes.TryGetValue(name, out var a) || a.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(a.GetString()))
        {
            error = $"The attribute '{name}' must name a column.";
            return false;
        }
        value = a.GetString()!;
        return true;
    }

    private static bool TryInt(IReadOnlyDictionary<string, JsonElement> attributes, string name, int fallback, int min, int max, out int value, ref string error)
    {
        value = fallback;
        if (!attributes.TryGetValue(name, out var a)) return true;
        if (a.ValueKind != JsonValueKind.Number || !a.TryGetInt32(out value) || value < min || value > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"The attribute '{name}' must be an integer from {min} to {max}.");
            return false;
        }
        return true;
    }
}
