using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>The Expansion algorithm (JSON-LD 1.1 API, 5.1) and Value Expansion (5.3).</summary>
internal sealed partial class Engine
{
    /// <summary>Expands a document: the API's expand() from step 5 on, after the context set-up.</summary>
    public async ValueTask<JsonArray> ExpandDocumentAsync(ActiveContext active, JsonNode? input, string? baseUrl)
    {
        var expanded = await ExpandAsync(active, null, input, baseUrl, false, 0).ConfigureAwait(false);
        if (expanded is JsonObject o && o.Count == 1 && o.TryGetPropertyValue(Keywords.Graph, out var graph))
        {
            expanded = graph;
            o.Remove(Keywords.Graph);
        }

        return expanded switch
        {
            null => [],
            JsonArray a => a,
            _ => [expanded],
        };
    }

    private async ValueTask<JsonNode?> ExpandAsync(ActiveContext active, string? activeProperty, JsonNode? element, string? baseUrl, bool fromMap, int depth)
    {
        if (element is null)
        {
            return null;
        }

        Visit(depth);
        var propertyDefinition = active.Term(activeProperty);
        var propertyScoped = propertyDefinition is { HasLocalContext: true } ? propertyDefinition : null;
        if (element is JsonValue scalar)
        {
            if (activeProperty is null or Keywords.Graph)
            {
                return null;
            }

            if (propertyScoped is not null)
            {
                active = await ProcessContextCachedAsync(active, propertyScoped.LocalContext, propertyScoped.BaseUrl, overrideProtected: true).ConfigureAwait(false);
            }

            return ExpandValue(active, activeProperty, scalar);
        }

        if (element is JsonArray array)
        {
            var result = new JsonArray();
            var isList = active.Term(activeProperty)?.HasContainer(Keywords.List) == true;
            foreach (var item in array)
            {
                var expandedItem = await ExpandAsync(active, activeProperty, item, baseUrl, fromMap, depth + 1).ConfigureAwait(false);
                if (isList && active.Is10 && (expandedItem is JsonArray || Json.IsListObject(expandedItem)))
                {
                    throw Error(JsonLdErrorCode.ListOfLists, "A list cannot hold a list in json-ld-1.0 processing mode.");
                }

                if (isList && expandedItem is JsonArray)
                {
                    expandedItem = new JsonObject { [Keywords.List] = expandedItem };
                }

                if (expandedItem is JsonArray nested)
                {
                    foreach (var n in nested.ToArray())
                    {
                        nested.Remove(n);
                        result.Add(n);
                    }
                }
                else if (expandedItem is not null)
                {
                    result.Add(expandedItem);
                }
            }

            return result;
        }

        return await ExpandObjectAsync(active, activeProperty, (JsonObject)element, baseUrl, fromMap, propertyScoped, depth).ConfigureAwait(false);
    }

    private async ValueTask<JsonNode?> ExpandObjectAsync(
        ActiveContext active, string? activeProperty, JsonObject element, string? baseUrl, bool fromMap, TermDefinition? propertyScoped, int depth)
    {
        if (active.PreviousContext is not null && !fromMap && !KeepsTypeScopedContext(active, element))
        {
            active = active.PreviousContext;
        }

        if (propertyScoped is not null)
        {
            active = await ProcessContextCachedAsync(active, propertyScoped.LocalContext, propertyScoped.BaseUrl, overrideProtected: true).ConfigureAwait(false);
        }

        if (element.TryGetPropertyValue(Keywords.Context, out var localContext))
        {
            active = ContextCacheKey(localContext) is not null
                ? await ProcessContextCachedAsync(active, localContext, baseUrl).ConfigureAwait(false)
                : await ProcessContextAsync(active, localContext, baseUrl).ConfigureAwait(false);
        }

        var typeScoped = active;
        string? inputType = null;
        var typeKeys = TypeKeys(active, element);
        foreach (var key in typeKeys)
        {
            var types = new List<string>();
            foreach (var t in Json.Items(element[key]))
            {
                if (Json.TryString(t, out var s))
                {
                    types.Add(s);
                }
            }

            types.Sort(StringComparer.Ordinal);
            foreach (var term in types)
            {
                if (typeScoped.Term(term) is { HasLocalContext: true } def)
                {
                    active = await ProcessContextCachedAsync(active, def.LocalContext, def.BaseUrl, propagate: false).ConfigureAwait(false);
                }
            }
        }

        if (typeKeys.Count > 0 && Json.Items(element[typeKeys[0]]).LastOrDefault() is { } lastType && Json.TryString(lastType, out var lt))
        {
            inputType = ExpandIri(typeScoped, lt, false, true);
        }

        var result = new JsonObject();
        var frame = new ExpansionFrame(active, typeScoped, activeProperty, inputType, baseUrl, depth);
        await ExpandEntriesAsync(frame, result, element).ConfigureAwait(false);
        return FinishObject(result, activeProperty);
    }

    /// <summary>Step 7: a non-propagated (type-scoped) context is kept only for value objects and node references.</summary>
    private static bool KeepsTypeScopedContext(ActiveContext active, JsonObject element)
    {
        foreach (var (key, _) in element)
        {
            if (ExpandIri(active, key, false, true) == Keywords.Value)
            {
                return true;
            }
        }

        if (element.Count == 1)
        {
            foreach (var (key, _) in element)
            {
                return ExpandIri(active, key, false, true) == Keywords.Id;
            }
        }

        return false;
    }

    private static List<string> TypeKeys(ActiveContext active, JsonObject element)
    {
        var keys = new List<string>(1);
        foreach (var (key, _) in element)
        {
            if (key == Keywords.Type || ExpandIri(active, key, false, true) == Keywords.Type)
            {
                keys.Add(key);
            }
        }

        if (keys.Count > 1)
        {
            keys.Sort(StringComparer.Ordinal);
        }

        return keys;
    }

    private static JsonNode? FinishObject(JsonObject result, string? activeProperty)
    {
        JsonNode? output = result;
        if (result.TryGetPropertyValue(Keywords.Value, out var value))
        {
            foreach (var (key, _) in result)
            {
                if (key is not (Keywords.Direction or Keywords.Index or Keywords.Language or Keywords.Type or Keywords.Value))
                {
                    throw Error(JsonLdErrorCode.InvalidValueObject, $"A value object must not have the entry {key}.");
                }
            }

            var type = result[Keywords.Type];
            if (type is not null && (result.ContainsKey(Keywords.Language) || result.ContainsKey(Keywords.Direction)))
            {
                throw Error(JsonLdErrorCode.InvalidValueObject, "A value object cannot have both @type and @language or @direction.");
            }

            if (Json.TryString(type, out var t) && t == Keywords.Json)
            {
                // A JSON literal: anything goes.
            }
            else if (value is null || value is JsonArray { Count: 0 })
            {
                return null;
            }
            else if (!Json.IsString(value) && result.ContainsKey(Keywords.Language))
            {
                throw Error(JsonLdErrorCode.InvalidLanguageTaggedValue, $"A language-tagged value must be a string, not {Describe(value)}.");
            }
            else if (type is not null && !(Json.TryString(type, out t) && Iri.IsAbsolute(t)))
            {
                throw Error(JsonLdErrorCode.InvalidTypedValue, $"The @type of a value must be an absolute IRI, not {Describe(type)}.");
            }
            else if (value is not JsonValue)
            {
                throw Error(JsonLdErrorCode.InvalidValueObjectValue, $"@value must be a string, number, boolean or null, not {Describe(value)}.");
            }
        }
        else if (result.TryGetPropertyValue(Keywords.Type, out var types) && types is not JsonArray)
        {
            result[Keywords.Type] = new JsonArray(types?.DeepClone());
        }
        else if (result.ContainsKey(Keywords.Set) || result.ContainsKey(Keywords.List))
        {
            if (result.Count > 2 || (result.Count == 2 && !result.ContainsKey(Keywords.Index)))
            {
                throw Error(JsonLdErrorCode.InvalidSetOrListObject, "A @set or @list object may only have an @index besides.");
            }

            if (result.TryGetPropertyValue(Keywords.Set, out var set))
            {
                result.Remove(Keywords.Set);
                output = set;
            }
        }

        if (output is JsonObject o && o.Count == 1 && o.ContainsKey(Keywords.Language))
        {
            return null;
        }

        if (activeProperty is null or Keywords.Graph && output is JsonObject top)
        {
            if (top.Count == 0 || top.ContainsKey(Keywords.Value) || top.ContainsKey(Keywords.List))
            {
                return null;
            }

            if (top.Count == 1 && top.ContainsKey(Keywords.Id))
            {
                return null;
            }
        }

        return output;
    }

    /// <summary>Value Expansion (5.3).</summary>
    private static JsonObject ExpandValue(ActiveContext active, string? activeProperty, JsonValue value)
    {
        var definition = active.Term(activeProperty);
        var type = definition?.Type;
        if (Json.TryString(value, out var s))
        {
            if (type == Keywords.Id)
            {
                return new JsonObject { [Keywords.Id] = ExpandIri(active, s, true, false) };
            }

            if (type == Keywords.Vocab)
            {
                return new JsonObject { [Keywords.Id] = ExpandIri(active, s, true, true) };
            }
        }

        var result = new JsonObject { [Keywords.Value] = value.DeepClone() };
        if (type is not null and not (Keywords.Id or Keywords.Vocab or Keywords.None))
        {
            result[Keywords.Type] = type;
        }
        else if (Json.IsString(value))
        {
            var language = definition is { HasLanguage: true } ? definition.Language : active.DefaultLanguage;
            var direction = definition is { HasDirection: true } ? definition.Direction : active.DefaultDirection;
            if (language is not null)
            {
                result[Keywords.Language] = language;
            }

            if (direction is not null)
            {
                result[Keywords.Direction] = direction;
            }
        }

        return result;
    }
}
