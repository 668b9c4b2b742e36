using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>Small helpers over System.Text.Json.Nodes used by the algorithms.</summary>
internal static class Json
{
    public static bool TryString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static string? AsString(JsonNode? node) => TryString(node, out var s) ? s : null;

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool TryBool(JsonNode? node, out bool value)
    {
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            value = v.GetValueKind() == JsonValueKind.True;
            return true;
        }

        value = false;
        return false;
    }

    public static bool IsScalar(JsonNode? node) => node is JsonValue;

    public static JsonArray AsArray(JsonNode? node) => node switch
    {
        JsonArray a => a,
        null => [],
        _ => [node],
    };

    /// <summary>Enumerates a value as an array without copying: an array's items, or the value itself.</summary>
    public static IEnumerable<JsonNode?> Items(JsonNode? node)
    {
        if (node is JsonArray a)
        {
            return a;
        }

        return [node];
    }

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>Adds a value to an entry of a map, as the JSON-LD "add value" helper does.</summary>
    public static void AddValue(JsonObject obj, string key, JsonNode? value, bool asArray)
    {
        if (value is JsonArray values)
        {
            if (values.Count == 0 && asArray && !obj.ContainsKey(key))
            {
                obj[key] = new JsonArray();
            }

            foreach (var item in values.ToArray())
            {
                values.Remove(item);
                AddValue(obj, key, item, asArray);
            }

            return;
        }

        if (!obj.TryGetPropertyValue(key, out var existing))
        {
            obj[key] = asArray ? new JsonArray(value) : value;
            return;
        }

        if (existing is not JsonArray arr)
        {
            arr = [];
            obj[key] = arr;
            arr.Add(existing);
        }

        arr.Add(value);
    }

    public static bool IsValueObject(JsonNode? node) => node is JsonObject o && o.ContainsKey(Keywords.Value);

    public static bool IsListObject(JsonNode? node) => node is JsonObject o && o.ContainsKey(Keywords.List);

    public static bool IsGraphObject(JsonNode? node)
    {
        if (node is not JsonObject o || !o.ContainsKey(Keywords.Graph))
        {
            return false;
        }

        foreach (var (k, _) in o)
        {
            if (k is not (Keywords.Graph or Keywords.Id or Keywords.Index or Keywords.Context))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsSimpleGraphObject(JsonNode? node) => IsGraphObject(node) && !((JsonObject)node!).ContainsKey(Keywords.Id);

    /// <summary>Deep equality of JSON values; numbers compare by value.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    public static JsonValue Str(string value) => JsonValue.Create(value);
}
