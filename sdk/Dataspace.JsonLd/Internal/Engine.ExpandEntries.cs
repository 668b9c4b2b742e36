using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>Expansion of the entries of a map (JSON-LD 1.1 API, 5.1.2 steps 13 and 14).</summary>
internal sealed partial class Engine
{
    private async ValueTask ExpandEntriesAsync(ExpansionFrame frame, JsonObject result, JsonObject element)
    {
        var active = frame.Active;
        List<string>? nests = null;
        IEnumerable<KeyValuePair<string, JsonNode?>> entries = _options.Ordered ? element.OrderBy(e => e.Key, StringComparer.Ordinal) : element;
        foreach (var (key, value) in entries)
        {
            if (key == Keywords.Context)
            {
                continue;
            }

            var property = ExpandIri(active, key, false, true);
            if (property is null || (!property.Contains(':', StringComparison.Ordinal) && !Keywords.IsKeyword(property)))
            {
                continue;
            }

            if (Keywords.IsKeyword(property))
            {
                if (property == Keywords.Nest)
                {
                    if (frame.ActiveProperty == Keywords.Reverse)
                    {
                        throw Error(JsonLdErrorCode.InvalidReversePropertyMap, "A reverse property map must not contain @nest.");
                    }

                    (nests ??= []).Add(key);
                    continue;
                }

                await ExpandKeywordAsync(frame, result, key, property, value).ConfigureAwait(false);
                continue;
            }

            var definition = active.Term(key);
            JsonNode? expandedValue;
            if (definition?.Type == Keywords.Json)
            {
                expandedValue = new JsonObject { [Keywords.Value] = value?.DeepClone(), [Keywords.Type] = Keywords.Json };
            }
            else if (definition?.HasContainer(Keywords.Language) == true && value is JsonObject languageMap)
            {
                expandedValue = ExpandLanguageMap(active, definition, languageMap);
            }
            else if (definition is not null && value is JsonObject indexMap
                && (definition.HasContainer(Keywords.Index) || definition.HasContainer(Keywords.Type) || definition.HasContainer(Keywords.Id)))
            {
                expandedValue = await ExpandIndexMapAsync(frame, key, definition, indexMap).ConfigureAwait(false);
            }
            else
            {
                expandedValue = await ExpandAsync(active, key, value, frame.BaseUrl, false, frame.Depth + 1).ConfigureAwait(false);
            }

            if (expandedValue is null)
            {
                continue;
            }

            if (definition?.HasContainer(Keywords.List) == true && !Json.IsListObject(expandedValue))
            {
                expandedValue = new JsonObject { [Keywords.List] = Json.AsArray(expandedValue) };
            }

            if (definition?.HasContainer(Keywords.Graph) == true && !definition.HasContainer(Keywords.Id) && !definition.HasContainer(Keywords.Index))
            {
                var graphs = new JsonArray();
                foreach (var ev in Json.AsArray(expandedValue).ToArray())
                {
                    ev?.Parent?.AsArray().Remove(ev);
                    graphs.Add(new JsonObject { [Keywords.Graph] = Json.AsArray(ev) });
                }

                expandedValue = graphs;
            }

            if (definition?.Reverse == true)
            {
                var reverseMap = result[Keywords.Reverse] as JsonObject;
                if (reverseMap is null)
                {
                    reverseMap = [];
                    result[Keywords.Reverse] = reverseMap;
                }

                foreach (var item in Json.AsArray(expandedValue).ToArray())
                {
                    if (Json.IsValueObject(item) || Json.IsListObject(item))
                    {
                        throw Error(JsonLdErrorCode.InvalidReversePropertyValue, $"The reverse property {key} cannot have a value or list object.");
                    }

                    item?.Parent?.AsArray().Remove(item);
                    Json.AddValue(reverseMap, property, item, asArray: true);
                }
            }
            else
            {
                Json.AddValue(result, property, expandedValue, asArray: true);
            }
        }

        if (nests is null)
        {
            return;
        }

        nests.Sort(StringComparer.Ordinal);
        foreach (var nestingKey in nests)
        {
            foreach (var nested in Json.Items(element[nestingKey]))
            {
                if (nested is not JsonObject nestedMap)
                {
                    throw Error(JsonLdErrorCode.InvalidNestValue, $"The value of {nestingKey} must be a map, not {Describe(nested)}.");
                }

                foreach (var (k, _) in nestedMap)
                {
                    if (ExpandIri(active, k, false, true) == Keywords.Value)
                    {
                        throw Error(JsonLdErrorCode.InvalidNestValue, $"A nested map under {nestingKey} must not be a value object.");
                    }
                }

                var nestedFrame = frame with { Depth = frame.Depth + 1 };
                if (active.Term(nestingKey) is { HasLocalContext: true } nestDefinition)
                {
                    nestedFrame = nestedFrame with
                    {
                        Active = await ProcessContextCachedAsync(active, nestDefinition.LocalContext, nestDefinition.BaseUrl, overrideProtected: true).ConfigureAwait(false),
                    };
                }

                await ExpandEntriesAsync(nestedFrame, result, nestedMap).ConfigureAwait(false);
            }
        }
    }

    private JsonArray ExpandLanguageMap(ActiveContext active, TermDefinition definition, JsonObject languageMap)
    {
        var expanded = new JsonArray();
        var direction = definition.HasDirection ? definition.Direction : active.DefaultDirection;
        IEnumerable<KeyValuePair<string, JsonNode?>> entries = _options.Ordered ? languageMap.OrderBy(e => e.Key, StringComparer.Ordinal) : languageMap;
        foreach (var (language, languageValue) in entries)
        {
            foreach (var item in Json.Items(languageValue))
            {
                if (item is null)
                {
                    continue;
                }

                if (!Json.IsString(item))
                {
                    throw Error(JsonLdErrorCode.InvalidLanguageMapValue, $"A language map value must be a string, not {Describe(item)}.");
                }

                var v = new JsonObject { [Keywords.Value] = item.DeepClone() };
                if (language != Keywords.None && ExpandIri(active, language, false, true) != Keywords.None)
                {
                    v[Keywords.Language] = language.ToLowerInvariant();
                }

                if (direction is not null)
                {
                    v[Keywords.Direction] = direction;
                }

                expanded.Add(v);
            }
        }

        return expanded;
    }

    private async ValueTask<JsonArray> ExpandIndexMapAsync(ExpansionFrame frame, string key, TermDefinition definition, JsonObject map)
    {
        var active = frame.Active;
        var expanded = new JsonArray();
        var indexKey = definition.Index ?? Keywords.Index;
        var isTypeMap = definition.HasContainer(Keywords.Type);
        var isIdMap = definition.HasContainer(Keywords.Id);
        var isIndexMap = definition.HasContainer(Keywords.Index);
        var isGraph = definition.HasContainer(Keywords.Graph);
        IEnumerable<KeyValuePair<string, JsonNode?>> entries = _options.Ordered ? map.OrderBy(e => e.Key, StringComparer.Ordinal) : map;
        foreach (var (index, indexValue) in entries)
        {
            var mapContext = active;
            if (isIdMap || isTypeMap)
            {
                mapContext = active.PreviousContext ?? active;
            }

            if (isTypeMap && mapContext.Term(index) is { HasLocalContext: true } typeDef)
            {
                mapContext = await ProcessContextCachedAsync(mapContext, typeDef.LocalContext, typeDef.BaseUrl).ConfigureAwait(false);
            }
            else if (!isIdMap && !isTypeMap)
            {
                mapContext = active;
            }

            var expandedIndex = ExpandIri(active, index, false, true);
            var items = await ExpandAsync(mapContext, key, Json.AsArray(indexValue?.DeepClone()), frame.BaseUrl, true, frame.Depth + 1).ConfigureAwait(false);
            foreach (var raw in Json.AsArray(items).ToArray())
            {
                raw?.Parent?.AsArray().Remove(raw);
                var item = raw;
                if (isGraph && !Json.IsGraphObject(item))
                {
                    item = new JsonObject { [Keywords.Graph] = Json.AsArray(item) };
                }

                if (item is not JsonObject itemMap)
                {
                    expanded.Add(item);
                    continue;
                }

                if (isIndexMap && indexKey != Keywords.Index && expandedIndex != Keywords.None)
                {
                    var reExpanded = ExpandValue(active, indexKey, JsonValue.Create(index));
                    var expandedIndexKey = ExpandIri(active, indexKey, false, true)!;
                    var values = new JsonArray(reExpanded);
                    if (itemMap.TryGetPropertyValue(expandedIndexKey, out var existing))
                    {
                        itemMap.Remove(expandedIndexKey);
                        foreach (var e in Json.AsArray(existing).ToArray())
                        {
                            e?.Parent?.AsArray().Remove(e);
                            values.Add(e);
                        }
                    }

                    itemMap[expandedIndexKey] = values;
                    if (itemMap.ContainsKey(Keywords.Value))
                    {
                        throw Error(JsonLdErrorCode.InvalidValueObject, $"The value in the index map {key} cannot take a property index.");
                    }
                }
                else if (isIndexMap && !itemMap.ContainsKey(Keywords.Index) && expandedIndex != Keywords.None)
                {
                    itemMap[Keywords.Index] = index;
                }
                else if (isIdMap && !itemMap.ContainsKey(Keywords.Id) && expandedIndex != Keywords.None)
                {
                    itemMap[Keywords.Id] = ExpandIri(active, index, true, false);
                }
                else if (isTypeMap && expandedIndex != Keywords.None)
                {
                    var types = new JsonArray(expandedIndex);
                    if (itemMap.TryGetPropertyValue(Keywords.Type, out var existing))
                    {
                        itemMap.Remove(Keywords.Type);
                        foreach (var e in Json.AsArray(existing).ToArray())
                        {
                            e?.Parent?.AsArray().Remove(e);
                            types.Add(e);
                        }
                    }

                    itemMap[Keywords.Type] = types;
                }

                expanded.Add(item);
            }
        }

        return expanded;
    }
}
