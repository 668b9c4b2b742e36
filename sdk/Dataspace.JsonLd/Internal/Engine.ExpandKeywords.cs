using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>Expansion of keyword entries (JSON-LD 1.1 API, 5.1.2 step 13.4).</summary>
internal sealed partial class Engine
{
    private async ValueTask ExpandKeywordAsync(ExpansionFrame frame, JsonObject result, string key, string property, JsonNode? value)
    {
        var active = frame.Active;
        if (frame.ActiveProperty == Keywords.Reverse)
        {
            throw Error(JsonLdErrorCode.InvalidReversePropertyMap, $"A reverse property map must not contain the keyword {key}.");
        }

        if (result.ContainsKey(property) && (active.Is10 || property is not (Keywords.Included or Keywords.Type)))
        {
            throw Error(JsonLdErrorCode.CollidingKeywords, $"Two entries expand to {property}.");
        }

        JsonNode? expandedValue = null;
        switch (property)
        {
            case Keywords.Id:
                if (!Json.TryString(value, out var id))
                {
                    throw Error(JsonLdErrorCode.InvalidIdValue, $"@id must be a string, not {Describe(value)}.");
                }

                expandedValue = ExpandIri(active, id, true, false);
                break;

            case Keywords.Type:
                expandedValue = ExpandTypeValue(frame, value);
                if (result.TryGetPropertyValue(Keywords.Type, out var existingTypes))
                {
                    var merged = new JsonArray();
                    foreach (var t in Json.Items(existingTypes))
                    {
                        merged.Add(t?.DeepClone());
                    }

                    foreach (var t in Json.Items(expandedValue))
                    {
                        merged.Add(t?.DeepClone());
                    }

                    expandedValue = merged;
                }

                break;

            case Keywords.Graph:
                expandedValue = Json.AsArray(await ExpandAsync(active, Keywords.Graph, value, frame.BaseUrl, false, frame.Depth + 1).ConfigureAwait(false));
                break;

            case Keywords.Included:
                if (active.Is10)
                {
                    return;
                }

                if (Json.Items(value).Any(v => v is not JsonObject o || o.Any(e => ExpandIri(active, e.Key, false, true) is Keywords.Value or Keywords.List or Keywords.Set)))
                {
                    throw Error(JsonLdErrorCode.InvalidIncludedValue, "@included must hold node objects.");
                }

                var included = Json.AsArray(await ExpandAsync(active, frame.ActiveProperty, value, frame.BaseUrl, false, frame.Depth + 1).ConfigureAwait(false));
                foreach (var item in included)
                {
                    if (item is not JsonObject o || o.ContainsKey(Keywords.Value) || o.ContainsKey(Keywords.List) || o.ContainsKey(Keywords.Set))
                    {
                        throw Error(JsonLdErrorCode.InvalidIncludedValue, "@included must hold node objects.");
                    }
                }

                if (result.TryGetPropertyValue(Keywords.Included, out var existingIncluded))
                {
                    result.Remove(Keywords.Included);
                    var all = Json.AsArray(existingIncluded);
                    foreach (var item in included.ToArray())
                    {
                        included.Remove(item);
                        all.Add(item);
                    }

                    included = all;
                }

                expandedValue = included;
                break;

            case Keywords.Value:
                if (frame.InputType == Keywords.Json)
                {
                    expandedValue = value?.DeepClone();
                    if (active.Is10)
                    {
                        throw Error(JsonLdErrorCode.InvalidValueObjectValue, "JSON literals are not allowed in json-ld-1.0 processing mode.");
                    }
                }
                else if (value is not null and not JsonValue)
                {
                    throw Error(JsonLdErrorCode.InvalidValueObjectValue, $"@value must be a string, number, boolean or null, not {Describe(value)}.");
                }
                else
                {
                    expandedValue = value?.DeepClone();
                }

                result[Keywords.Value] = expandedValue;
                return;

            case Keywords.Language:
                if (!Json.TryString(value, out var language))
                {
                    throw Error(JsonLdErrorCode.InvalidLanguageTaggedString, $"@language must be a string, not {Describe(value)}.");
                }

                expandedValue = language.ToLowerInvariant();
                break;

            case Keywords.Direction:
                if (active.Is10)
                {
                    return;
                }

                if (!(Json.TryString(value, out var direction) && direction is "ltr" or "rtl"))
                {
                    throw Error(JsonLdErrorCode.InvalidBaseDirection, $"@direction must be \"ltr\" or \"rtl\", not {Describe(value)}.");
                }

                expandedValue = direction;
                break;

            case Keywords.Index:
                if (!Json.IsString(value))
                {
                    throw Error(JsonLdErrorCode.InvalidIndexValue, $"@index must be a string, not {Describe(value)}.");
                }

                expandedValue = value!.DeepClone();
                break;

            case Keywords.List:
                if (frame.ActiveProperty is null or Keywords.Graph)
                {
                    return;
                }

                expandedValue = Json.AsArray(await ExpandAsync(active, frame.ActiveProperty, value, frame.BaseUrl, false, frame.Depth + 1).ConfigureAwait(false));
                if (active.Is10 && expandedValue.AsArray().Any(Json.IsListObject))
                {
                    throw Error(JsonLdErrorCode.ListOfLists, "A list cannot hold a list in json-ld-1.0 processing mode.");
                }

                break;

            case Keywords.Set:
                expandedValue = await ExpandAsync(active, frame.ActiveProperty, value, frame.BaseUrl, false, frame.Depth + 1).ConfigureAwait(false);
                break;

            case Keywords.Reverse:
                await ExpandReverseAsync(frame, result, value).ConfigureAwait(false);
                return;

            default:
                // Framing keywords (@default, @embed, ...) and @context aliases play no part in expansion.
                return;
        }

        if (expandedValue is not null || property is Keywords.Id)
        {
            result[property] = expandedValue;
        }
    }

    private static JsonNode ExpandTypeValue(ExpansionFrame frame, JsonNode? value)
    {
        if (Json.TryString(value, out var single))
        {
            return JsonValue.Create(ExpandIri(frame.TypeScoped, single, true, true))!;
        }

        if (value is JsonArray types)
        {
            var expanded = new JsonArray();
            foreach (var t in types)
            {
                if (!Json.TryString(t, out var s))
                {
                    throw Error(JsonLdErrorCode.InvalidTypeValue, $"@type must be a string or an array of strings, not {Describe(value)}.");
                }

                expanded.Add(ExpandIri(frame.TypeScoped, s, true, true));
            }

            return expanded;
        }

        throw Error(JsonLdErrorCode.InvalidTypeValue, $"@type must be a string or an array of strings, not {Describe(value)}.");
    }

    private async ValueTask ExpandReverseAsync(ExpansionFrame frame, JsonObject result, JsonNode? value)
    {
        if (value is not JsonObject)
        {
            throw Error(JsonLdErrorCode.InvalidReverseValue, $"@reverse must be a map, not {Describe(value)}.");
        }

        var expanded = await ExpandAsync(frame.Active, Keywords.Reverse, value, frame.BaseUrl, false, frame.Depth + 1).ConfigureAwait(false) as JsonObject;
        if (expanded is null)
        {
            return;
        }

        if (expanded.TryGetPropertyValue(Keywords.Reverse, out var doubleReverse) && doubleReverse is JsonObject forward)
        {
            expanded.Remove(Keywords.Reverse);
            foreach (var (property, items) in forward.ToArray())
            {
                forward.Remove(property);
                Json.AddValue(result, property, items, asArray: true);
            }
        }

        if (expanded.Count == 0)
        {
            return;
        }

        if (result[Keywords.Reverse] is not JsonObject reverseMap)
        {
            reverseMap = [];
            result[Keywords.Reverse] = reverseMap;
        }

        foreach (var (property, items) in expanded.ToArray())
        {
            expanded.Remove(property);
            foreach (var item in Json.AsArray(items).ToArray())
            {
                if (Json.IsValueObject(item) || Json.IsListObject(item))
                {
                    throw Error(JsonLdErrorCode.InvalidReversePropertyValue, $"The reverse property {property} cannot have a value or list object.");
                }

                item?.Parent?.AsArray().Remove(item);
                Json.AddValue(reverseMap, property, item, asArray: true);
            }
        }
    }
}
