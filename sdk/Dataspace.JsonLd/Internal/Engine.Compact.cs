using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>The Compaction algorithm (JSON-LD 1.1 API, 6.1).</summary>
internal sealed partial class Engine
{
    public async ValueTask<JsonNode?> CompactAsync(ActiveContext active, string? activeProperty, JsonNode? element, int depth)
    {
        Visit(depth);
        var typeScoped = active;
        switch (element)
        {
            case null:
                return null;
            case JsonValue scalar:
                return scalar.DeepClone();
            case JsonArray array:
                {
                    var result = new JsonArray();
                    foreach (var item in array)
                    {
                        var compactedItem = await CompactAsync(active, activeProperty, item, depth + 1).ConfigureAwait(false);
                        if (compactedItem is not null)
                        {
                            result.Add(compactedItem);
                        }
                    }

                    var definition = active.Term(activeProperty);
                    if (result.Count != 1 || !_options.CompactArrays || activeProperty is Keywords.Graph or Keywords.Set
                        || definition?.HasContainer(Keywords.List) == true || definition?.HasContainer(Keywords.Set) == true)
                    {
                        return result;
                    }

                    var single = result[0];
                    result.RemoveAt(0);
                    return single;
                }
        }

        var map = (JsonObject)element;
        if (active.PreviousContext is not null && !map.ContainsKey(Keywords.Value) && !(map.Count == 1 && map.ContainsKey(Keywords.Id)))
        {
            active = active.PreviousContext;
        }

        if (typeScoped.Term(activeProperty) is { HasLocalContext: true } propertyDefinition)
        {
            active = await ProcessContextCachedAsync(active, propertyDefinition.LocalContext, propertyDefinition.BaseUrl, overrideProtected: true).ConfigureAwait(false);
        }

        if (map.ContainsKey(Keywords.Value) || map.ContainsKey(Keywords.Id))
        {
            var value = CompactValue(active, activeProperty, map, out var compacted);
            if (compacted && (value is JsonValue or null || active.Term(activeProperty)?.Type == Keywords.Json))
            {
                return value;
            }

            if (compacted && active.Term(activeProperty)?.Type == Keywords.Json)
            {
                return value;
            }
        }

        if (Json.IsListObject(map) && active.Term(activeProperty)?.HasContainer(Keywords.List) == true)
        {
            return await CompactAsync(active, activeProperty, map[Keywords.List], depth + 1).ConfigureAwait(false);
        }

        var insideReverse = activeProperty == Keywords.Reverse;
        var output = new JsonObject();
        if (map.TryGetPropertyValue(Keywords.Type, out var typeValue))
        {
            var compactedTypes = new List<string>();
            foreach (var t in Json.Items(typeValue))
            {
                if (Json.TryString(t, out var s))
                {
                    compactedTypes.Add(CompactIri(active, s, null, vocab: true));
                }
            }

            compactedTypes.Sort(StringComparer.Ordinal);
            foreach (var term in compactedTypes)
            {
                if (typeScoped.Term(term) is { HasLocalContext: true } typeDefinition)
                {
                    active = await ProcessContextCachedAsync(active, typeDefinition.LocalContext, typeDefinition.BaseUrl, propagate: false).ConfigureAwait(false);
                }
            }
        }

        IEnumerable<KeyValuePair<string, JsonNode?>> entries = _options.Ordered ? map.OrderBy(e => e.Key, StringComparer.Ordinal) : map;
        foreach (var (property, value) in entries)
        {
            await CompactEntryAsync(active, typeScoped, activeProperty, output, property, value, insideReverse, depth).ConfigureAwait(false);
        }

        return output;
    }
}
