using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Tests;

/// <summary>
/// Small seeded changes to a canonical DSP message, each of which may or may not leave the canonical form: members
/// dropped, given twice, nulled, renamed with a prefix, retyped, wrapped in or unwrapped from arrays, nested contexts,
/// unknown or metadata members, @type removed or changed, identifiers under a DSP prefix or namespace, deep nesting.
/// </summary>
internal sealed class CanonicalMutations(Random random)
{
    // Stands for a member given twice; JsonObject cannot hold one, so the name is swapped in the JSON text.
    private const string DuplicateMarker = "__duplicate_of__";
    private const string DeepMarker = "__deep__";

    private static readonly string[] Prefixes = ["dspace:", "odrl:", "dcat:", "dct:", "xsd:", "ex:", "https://w3id.org/dspace/2025/1/", "http://www.w3.org/ns/odrl/2/"];
    private static readonly string[] Types = ["Offer", "Agreement", "Set", "Catalog", "Dataset", "Distribution", "DataService", "DataAddress", "EndpointProperty", "Permission", "Foo"];

    /// <summary>Applies one to three changes and returns the JSON text with a description of each.</summary>
    public (string Description, string Json) Mutate(JsonNode canonical)
    {
        var root = canonical.DeepClone().AsObject();
        var descriptions = new List<string>();
        var duplicate = (string?)null;
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var objects = new List<JsonObject>();
            Collect(root, objects);
            var target = objects[random.Next(objects.Count)];
            var (description, duplicated) = MutateObject(target, target == root);
            descriptions.Add(description);
            duplicate ??= duplicated;
        }

        var json = root.ToJsonString();
        if (duplicate is not null)
        {
            json = json.Replace($"\"{DuplicateMarker}\"", $"\"{duplicate}\"", StringComparison.Ordinal);
        }

        var depth = random.Next(2) == 0 ? 70 : 3000;
        json = json.Replace($"\"{DeepMarker}\"", new string('[', depth) + "\"deep\"" + new string(']', depth), StringComparison.Ordinal);
        return (string.Join("; ", descriptions), json);
    }

    private (string Description, string? Duplicate) MutateObject(JsonObject target, bool isRoot)
    {
        var keys = target.Select(p => p.Key).Where(k => k != DuplicateMarker).ToList();
        var key = keys.Count > 0 ? keys[random.Next(keys.Count)] : null;
        switch (random.Next(14))
        {
            case 0 when key is not null:
                target.Remove(key);
                return ($"dropped {key}", null);
            case 1 when key is not null && !target.ContainsKey(DuplicateMarker):
                target[DuplicateMarker] = random.Next(2) == 0 ? target[key]?.DeepClone() : JsonValue.Create("other");
                return ($"{key} given twice", key);
            case 2 when key is not null:
                target[key] = null;
                return ($"{key} null", null);
            case 3 when key is not null && !key.StartsWith('@'):
                var prefix = Prefixes[random.Next(Prefixes.Length)];
                var value = target[key]?.DeepClone();
                target.Remove(key);
                target[prefix + key] = value;
                return ($"{key} renamed {prefix}{key}", null);
            case 4 when key is not null:
                target[key] = random.Next(4) switch
                {
                    0 => JsonValue.Create(42),
                    1 => JsonValue.Create(true),
                    2 => new JsonObject(),
                    _ => JsonValue.Create("x"),
                };
                return ($"{key} retyped", null);
            case 5 when key is not null && target[key] is not JsonArray:
                target[key] = new JsonArray(target[key]?.DeepClone());
                return ($"{key} wrapped in an array", null);
            case 6 when key is not null && target[key] is JsonArray { Count: 1 } one:
                target[key] = one[0]?.DeepClone();
                return ($"{key} unwrapped", null);
            case 7 when !isRoot:
                target["@context"] = new JsonArray(DspContext.Url);
                return ("nested @context", null);
            case 8:
                var (name, extra) = random.Next(5) switch
                {
                    0 => ("dct:title", (JsonNode?)JsonValue.Create("title")),
                    1 => ("dcat:keyword", new JsonArray("a", "b")),
                    2 => ("dcat:keyword", new JsonArray("a")),
                    3 => ("unknownTerm", JsonValue.Create("x")),
                    _ => ("ex:other", JsonValue.Create(1)),
                };
                target[name] = extra;
                return ($"added {name}", null);
            case 9 when target.ContainsKey("@type"):
                target.Remove("@type");
                return ("@type removed", null);
            case 10 when target.ContainsKey("@type"):
                target["@type"] = Types[random.Next(Types.Length)];
                return ($"@type {target["@type"]}", null);
            case 11 when key is not null && target[key] is JsonValue v && v.TryGetValue<string>(out var text):
                var valuePrefix = Prefixes[random.Next(Prefixes.Length)];
                target[key] = valuePrefix + text;
                return ($"{key} value prefixed {valuePrefix}", null);
            case 12 when key is not null:
                // Written as text: the JSON writer refuses depths past its own limit.
                target[key] = DeepMarker;
                return ($"{key} nested deeply", null);
            case 13 when key is not null && target[key] is JsonArray { Count: > 0 } many:
                many.Add(many[0]?.DeepClone());
                return ($"{key} item repeated", null);
            default:
                return ("unchanged", null);
        }
    }

    private static void Collect(JsonNode? node, List<JsonObject> objects)
    {
        switch (node)
        {
            case JsonObject map:
                objects.Add(map);
                foreach (var (key, value) in map)
                {
                    if (key != "@context")
                    {
                        Collect(value, objects);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, objects);
                }

                break;
        }
    }
}
