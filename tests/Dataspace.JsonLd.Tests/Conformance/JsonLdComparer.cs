using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Tests.Conformance;

/// <summary>Compares JSON-LD results as the W3C suite does: arrays are unordered, except the values of @list.</summary>
internal static class JsonLdComparer
{
    public static bool Equivalent(JsonNode? expected, JsonNode? actual, bool ordered = false)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case JsonValue:
                return actual is JsonValue && JsonNode.DeepEquals(expected, actual);
            case JsonObject eo:
                if (actual is not JsonObject ao || eo.Count != ao.Count)
                {
                    return false;
                }

                foreach (var (key, value) in eo)
                {
                    if (!ao.TryGetPropertyValue(key, out var other) || !Equivalent(value, other, key == "@list"))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray ea:
                if (actual is not JsonArray aa || ea.Count != aa.Count)
                {
                    return false;
                }

                if (ordered)
                {
                    for (var i = 0; i < ea.Count; i++)
                    {
                        if (!Equivalent(ea[i], aa[i]))
                        {
                            return false;
                        }
                    }

                    return true;
                }

                var used = new bool[aa.Count];
                foreach (var item in ea)
                {
                    var found = false;
                    for (var i = 0; i < aa.Count && !found; i++)
                    {
                        if (!used[i] && Equivalent(item, aa[i]))
                        {
                            used[i] = true;
                            found = true;
                        }
                    }

                    if (!found)
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
