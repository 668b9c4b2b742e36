using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>
/// Walks a parsed document once so that every map and array has built its contents. A JsonNode tree parsed from JSON
/// builds them lazily on first read, which is not safe when several threads read a shared context at the same time.
/// </summary>
internal static class Materializer
{
    public static JsonNode Materialize(JsonNode node)
    {
        Walk(node, 0);
        return node;
    }

    private static void Walk(JsonNode? node, int depth)
    {
        if (depth > 256)
        {
            return;
        }

        switch (node)
        {
            case JsonObject map:
                foreach (var (_, value) in map)
                {
                    Walk(value, depth + 1);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, depth + 1);
                }

                break;
        }
    }
}
