using System.Globalization;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>The attributes of one <c>psi/ecdh_oprf:1</c> task, checked; the same at both parties.</summary>
internal sealed record OprfTaskSettings
{
    public const string ModePsi = "psi";
    public const string ModeLookup = "lookup";

    public required bool Lookup { get; init; }
    public required string ReleaseKind { get; init; }
    public required string KeyColumn { get; init; }
    public required IReadOnlyList<string> PayloadColumns { get; init; }
    public required int AnonymitySet { get; init; }
    public required int MaxQueries { get; init; }
    public required int BatchSize { get; init; }
    public required bool Verifiable { get; init; }

    /// <summary>The attributes the component declares, with their defaults.</summary>
    public static IReadOnlyList<ComponentParameter> Parameters { get; } =
    [
        new("mode", "string", Default: Json("\"psi\""), AllowedValues: [ModePsi, ModeLookup]),
        new("release", "string", Default: Json("\"intersection\""), AllowedValues: [ReleaseKinds.Intersection, ReleaseKinds.Cardinality]),
        new("key_column", "string", Default: Json("\"\"")),
        new("payload_columns", "string[]", Default: Json("[]")),
        new("anonymity_set", "integer", Default: Json("32")),
        new("max_queries", "integer", Default: Json("1000000")),
        new("batch_size", "integer", Default: Json("4096")),
        new("verifiable", "boolean", Default: Json("false")),
    ];

    /// <summary>Reads the task's attributes; throws <see cref="OprfProtocolException"/> naming the bad one.</summary>
    public static OprfTaskSettings Read(ComponentContext context)
    {
        var mode = String(context, "mode", ModePsi);
        if (mode is not (ModePsi or ModeLookup)) throw new OprfProtocolException($"Attribute 'mode' is '{mode}'; expected 'psi' or 'lookup'.");
        var lookup = mode == ModeLookup;
        var release = lookup ? ReleaseKinds.Lookup : String(context, "release", ReleaseKinds.Intersection);
        if (!lookup && release is not (ReleaseKinds.Intersection or ReleaseKinds.Cardinality))
            throw new OprfProtocolException($"Attribute 'release' is '{release}'; expected 'intersection' or 'cardinality'.");
        var maxBatch = Math.Min(65535, (context.Channel.MaxPayloadBytes - 4 - Ristretto255Oprf.ProofSize) / 32);
        return new OprfTaskSettings
        {
            Lookup = lookup,
            ReleaseKind = release,
            KeyColumn = String(context, "key_column", ""),
            PayloadColumns = Strings(context, "payload_columns"),
            AnonymitySet = Integer(context, "anonymity_set", 32, 1, 1_000_000),
            MaxQueries = Integer(context, "max_queries", 1_000_000, 1, 100_000_000),
            BatchSize = Integer(context, "batch_size", 4096, 1, maxBatch),
            Verifiable = Boolean(context, "verifiable", false),
        };
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static string String(ComponentContext context, string name, string fallback)
    {
        if (!context.Attributes.TryGetValue(name, out var value)) return fallback;
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new OprfProtocolException($"Attribute '{name}' must be a string.");
    }

    private static int Integer(ComponentContext context, string name, int fallback, int min, int max)
    {
        if (!context.Attributes.TryGetValue(name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
            throw new OprfProtocolException($"Attribute '{name}' is {value.GetRawText()}; expected a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
        return number;
    }

    private static bool Boolean(ComponentContext context, string name, bool fallback)
    {
        if (!context.Attributes.TryGetValue(name, out var value)) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new OprfProtocolException($"Attribute '{name}' must be true or false."),
        };
    }

    private static string[] Strings(ComponentContext context, string name)
    {
        if (!context.Attributes.TryGetValue(name, out var value)) return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new OprfProtocolException($"Attribute '{name}' must be an array of strings.");
        return [.. value.EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>The task's one input: <c>input</c>, or the only one.</summary>
    public static IComputeInput Input(ComponentContext context)
    {
        if (context.Inputs.TryGetValue("input", out var input)) return input;
        if (context.Inputs.Count == 1) return context.Inputs.Values.First();
        throw new OprfProtocolException($"The {context.Role} needs one input (named 'input'); it has {context.Inputs.Count}.");
    }

    /// <summary>The index of the key column in <paramref name="input"/>.</summary>
    public int KeyIndex(IComputeInput input)
    {
        if (input.Columns.Count == 0) throw new OprfProtocolException("The input has no columns.");
        if (KeyColumn.Length == 0) return 0;
        var index = IndexOf(input, KeyColumn);
        return index >= 0 ? index : throw new OprfProtocolException($"The input has no key column '{KeyColumn}'; its columns are {string.Join(", ", input.Columns)}.");
    }

    /// <summary>The payload column indexes of the server's input: those named, or every column but the key.</summary>
    public int[] PayloadIndexes(IComputeInput input, int keyIndex)
    {
        if (PayloadColumns.Count == 0) return [.. Enumerable.Range(0, input.Columns.Count).Where(i => i != keyIndex)];
        return [.. PayloadColumns.Select(name =>
        {
            var index = IndexOf(input, name);
            return index >= 0 ? index : throw new OprfProtocolException($"The server's input has no payload column '{name}'; its columns are {string.Join(", ", input.Columns)}.");
        })];
    }

    private static int IndexOf(IComputeInput input, string name)
    {
        for (var i = 0; i < input.Columns.Count; i++) if (input.Columns[i] == name) return i;
        return -1;
    }
}
