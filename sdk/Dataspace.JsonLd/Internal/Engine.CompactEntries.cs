using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>Compaction of the entries of a map (JSON-LD 1.1 API, 6.1.2 step 12).</summary>
internal sealed partial class Engine
{
    private async ValueTask CompactEntryAsync(
        ActiveContext active, ActiveContext typeScoped, string? activeProperty, JsonObject result, string property, JsonNode? value, bool insideReverse, int depth)
    {
        switch (property)
        {
            case Keywords.Id:
                {
                    var compactedId = Json.TryString(value, out var id) ? JsonValue.Create(CompactIri(active, id, null, vocab: false)) : value?.DeepClone();
                    result[CompactIri(active, Keywords.Id, null, vocab: true)] = compactedId;
                    return;
                }

            case Keywords.Type:
                {
                    JsonNode compactedTypes;
                    if (Json.TryString(value, out var single))
                    {
                        compactedTypes = JsonValue.Create(CompactIri(typeScoped, single, null, vocab: true));
                    }
                    else
                    {
                        var array = new JsonArray();
                        foreach (var t in Json.Items(value))
                        {
                            array.Add(CompactIri(typeScoped, Json.AsString(t)!, null, vocab: true));
                        }

                        compactedTypes = array;
                    }

                    var alias = CompactIri(active, Keywords.Type, null, vocab: true);
                    var asArray = (!active.Is10 && active.Term(alias)?.HasContainer(Keywords.Set) == true) || !_options.CompactArrays;
                    if (compactedTypes is JsonArray { Count: 1 } one && !asArray)
                    {
                        var first = one[0];
                        one.RemoveAt(0);
                        compactedTypes = first!;
                    }

                    Json.AddValue(result, alias, compactedTypes, asArray);
                    return;
                }

            case Keywords.Reverse:
                {
                    if (await CompactAsync(active, Keywords.Reverse, value, depth + 1).ConfigureAwait(false) is not JsonObject compactedReverse)
                    {
                        return;
                    }

                    foreach (var (p, v) in compactedReverse.ToArray())
                    {
                        if (active.Term(p) is { Reverse: true } reverseDefinition)
                        {
                            var asArray = reverseDefinition.HasContainer(Keywords.Set) || !_options.CompactArrays;
                            compactedReverse.Remove(p);
                            Json.AddValue(result, p, v, asArray);
                        }
                    }

                    if (compactedReverse.Count > 0)
                    {
                        result[CompactIri(active, Keywords.Reverse, null, vocab: true)] = compactedReverse;
                    }

                    return;
                }

            case Keywords.Preserve:
                return;

            case Keywords.Index when active.Term(activeProperty)?.HasContainer(Keywords.Index) == true:
                return;

            case Keywords.Direction or Keywords.Index or Keywords.Language or Keywords.Value:
                result[CompactIri(active, property, null, vocab: true)] = value?.DeepClone();
                return;
        }

        var expandedValue = Json.AsArray(value is JsonArray ? value : value?.DeepClone());
        if (expandedValue.Count == 0)
        {
            var itemProperty = CompactIri(active, property, expandedValue, vocab: true, reverse: insideReverse);
            var nestResult = NestResult(active, result, itemProperty);
            Json.AddValue(nestResult, itemProperty, new JsonArray(), asArray: true);
        }

        foreach (var expandedItem in expandedValue)
        {
            await CompactItemAsync(active, result, property, expandedItem, insideReverse, depth).ConfigureAwait(false);
        }
    }

    private static JsonObject NestResult(ActiveContext active, JsonObject result, string itemProperty)
    {
        if (active.Term(itemProperty)?.Nest is not { } nestTerm)
        {
            return result;
        }

        if (nestTerm != Keywords.Nest && ExpandIri(active, nestTerm, false, true) != Keywords.Nest)
        {
            throw Error(JsonLdErrorCode.InvalidNestValue, $"The @nest of {itemProperty} must be @nest or a term for it, not {nestTerm}.");
        }

        if (result[nestTerm] is not JsonObject nested)
        {
            nested = [];
            result[nestTerm] = nested;
        }

        return nested;
    }

    private async ValueTask CompactItemAsync(ActiveContext active, JsonObject result, string property, JsonNode? expandedItem, bool insideReverse, int depth)
    {
        var itemProperty = CompactIri(active, property, expandedItem, vocab: true, reverse: insideReverse);
        var nestResult = NestResult(active, result, itemProperty);
        var definition = active.Term(itemProperty);
        bool Has(string kind) => definition?.HasContainer(kind) == true;
        var asArray = Has(Keywords.Set) || itemProperty is Keywords.Graph or Keywords.List || !_options.CompactArrays;
        var itemMap = expandedItem as JsonObject;
        var isList = Json.IsListObject(itemMap);
        var isGraph = Json.IsGraphObject(itemMap);
        var inner = isList ? itemMap![Keywords.List] : isGraph ? itemMap![Keywords.Graph] : expandedItem;
        var compactedItem = await CompactAsync(active, itemProperty, inner, depth + 1).ConfigureAwait(false);
        if (isList)
        {
            compactedItem = Json.AsArray(compactedItem);
            if (!Has(Keywords.List))
            {
                var wrapper = new JsonObject { [CompactIri(active, Keywords.List, null, vocab: true)] = compactedItem };
                if (itemMap!.TryGetPropertyValue(Keywords.Index, out var listIndex))
                {
                    wrapper[CompactIri(active, Keywords.Index, null, vocab: true)] = listIndex?.DeepClone();
                }

                Json.AddValue(nestResult, itemProperty, wrapper, asArray);
            }
            else
            {
                nestResult[itemProperty] = compactedItem;
            }

            return;
        }

        if (isGraph)
        {
            if (Has(Keywords.Graph) && Has(Keywords.Id))
            {
                var mapObject = MapObject(nestResult, itemProperty);
                var mapKey = itemMap!.TryGetPropertyValue(Keywords.Id, out var gid)
                    ? CompactIri(active, Json.AsString(gid)!, null, vocab: false)
                    : CompactIri(active, Keywords.None, null, vocab: true);
                Json.AddValue(mapObject, mapKey, compactedItem, asArray);
            }
            else if (Has(Keywords.Graph) && Has(Keywords.Index) && Json.IsSimpleGraphObject(itemMap))
            {
                var mapObject = MapObject(nestResult, itemProperty);
                var mapKey = Json.AsString(itemMap![Keywords.Index]) ?? CompactIri(active, Keywords.None, null, vocab: true);
                Json.AddValue(mapObject, mapKey, compactedItem, asArray);
            }
            else if (Has(Keywords.Graph) && Json.IsSimpleGraphObject(itemMap))
            {
                if (compactedItem is JsonArray { Count: > 1 })
                {
                    compactedItem = new JsonObject { [CompactIri(active, Keywords.Included, null, vocab: true)] = compactedItem };
                }

                Json.AddValue(nestResult, itemProperty, compactedItem, asArray);
            }
            else
            {
                var wrapper = new JsonObject { [CompactIri(active, Keywords.Graph, null, vocab: true)] = compactedItem };
                if (itemMap!.TryGetPropertyValue(Keywords.Id, out var gid))
                {
                    wrapper[CompactIri(active, Keywords.Id, null, vocab: true)] = CompactIri(active, Json.AsString(gid)!, null, vocab: false);
                }

                if (itemMap.TryGetPropertyValue(Keywords.Index, out var gindex))
                {
                    wrapper[CompactIri(active, Keywords.Index, null, vocab: true)] = gindex?.DeepClone();
                }

                Json.AddValue(nestResult, itemProperty, wrapper, asArray);
            }

            return;
        }

        if ((Has(Keywords.Language) || Has(Keywords.Index) || Has(Keywords.Id) || Has(Keywords.Type)) && !Has(Keywords.Graph))
        {
            await CompactIntoMapAsync(active, nestResult, itemProperty, definition!, itemMap, compactedItem, asArray, depth).ConfigureAwait(false);
            return;
        }

        Json.AddValue(nestResult, itemProperty, compactedItem, asArray);
    }

    private async ValueTask CompactIntoMapAsync(
        ActiveContext active, JsonObject nestResult, string itemProperty, TermDefinition definition, JsonObject? itemMap, JsonNode? compactedItem, bool asArray, int depth)
    {
        var mapObject = MapObject(nestResult, itemProperty);
        var containerKind = definition.HasContainer(Keywords.Language) ? Keywords.Language
            : definition.HasContainer(Keywords.Index) ? Keywords.Index
            : definition.HasContainer(Keywords.Id) ? Keywords.Id
            : Keywords.Type;
        var containerKey = CompactIri(active, containerKind, null, vocab: true);
        var indexKey = definition.Index ?? Keywords.Index;
        string? mapKey = null;
        if (containerKind == Keywords.Language && itemMap is not null && itemMap.TryGetPropertyValue(Keywords.Value, out var languageValue))
        {
            compactedItem = languageValue?.DeepClone();
            mapKey = Json.AsString(itemMap[Keywords.Language]);
        }
        else if (containerKind == Keywords.Index && indexKey == Keywords.Index)
        {
            mapKey = Json.AsString(itemMap?[Keywords.Index]);
        }
        else if (containerKind == Keywords.Index)
        {
            // The property index is found under the index term itself (as jsonld.js does), else under its compacted IRI.
            containerKey = CompactIri(active, ExpandIri(active, indexKey, false, true)!, null, vocab: true);
            mapKey = (compactedItem as JsonObject)?.ContainsKey(indexKey) == true
                ? TakeFirstString(compactedItem as JsonObject, indexKey)
                : TakeFirstString(compactedItem as JsonObject, containerKey);
        }
        else if (containerKind == Keywords.Id)
        {
            if (compactedItem is JsonObject co && co.TryGetPropertyValue(containerKey, out var idValue))
            {
                co.Remove(containerKey);
                mapKey = Json.AsString(idValue);
            }
        }
        else
        {
            mapKey = TakeFirstString(compactedItem as JsonObject, containerKey);
            if (compactedItem is JsonObject { Count: 1 } && itemMap is not null && itemMap.TryGetPropertyValue(Keywords.Id, out var nodeId))
            {
                compactedItem = await CompactAsync(active, itemProperty, new JsonObject { [Keywords.Id] = nodeId?.DeepClone() }, depth + 1).ConfigureAwait(false);
            }
        }

        mapKey ??= CompactIri(active, Keywords.None, null, vocab: true);
        Json.AddValue(mapObject, mapKey, compactedItem, asArray);
    }

    /// <summary>Removes and returns the first string value of an entry, leaving the others (one as a single value).</summary>
    private static string? TakeFirstString(JsonObject? item, string key)
    {
        if (item is null || !item.TryGetPropertyValue(key, out var values))
        {
            return null;
        }

        var array = values as JsonArray;
        var first = array is null ? values : array.FirstOrDefault();
        if (!Json.TryString(first, out var result))
        {
            return null;
        }

        if (array is null || array.Count <= 1)
        {
            item.Remove(key);
        }
        else if (array.Count == 2)
        {
            var other = array[1];
            array.RemoveAt(1);
            item[key] = other;
        }
        else
        {
            array.RemoveAt(0);
        }

        return result;
    }

    private static JsonObject MapObject(JsonObject nestResult, string itemProperty)
    {
        if (nestResult[itemProperty] is not JsonObject mapObject)
        {
            mapObject = [];
            nestResult[itemProperty] = mapObject;
        }

        return mapObject;
    }
}
