using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>IRI Compaction (JSON-LD 1.1 API, 6.2), Term Selection (6.3) and Value Compaction (6.4).</summary>
internal sealed partial class Engine
{
    public string CompactIri(ActiveContext active, string iri, JsonNode? value = null, bool vocab = false, bool reverse = false)
    {
        if (vocab && active.Inverse.TryGet(iri, out var containersByIri))
        {
            var term = SelectTermFor(active, iri, containersByIri, value, reverse);
            if (term is not null)
            {
                return term;
            }
        }

        if (Keywords.IsKeyword(iri))
        {
            // A keyword has no alias here; keywords are never written as compact or relative IRIs.
            return iri;
        }

        if (vocab && active.Vocab is { } vocabIri && iri.StartsWith(vocabIri, StringComparison.Ordinal) && iri.Length > vocabIri.Length)
        {
            var suffix = iri[vocabIri.Length..];
            if (active.Term(suffix) is null)
            {
                return suffix;
            }
        }

        string? compactIri = null;
        foreach (var (term, prefixIri) in active.Prefixes)
        {
            if (prefixIri == iri || !iri.StartsWith(prefixIri, StringComparison.Ordinal))
            {
                continue;
            }

            var candidate = term + ":" + iri[prefixIri.Length..];
            var better = compactIri is null || candidate.Length < compactIri.Length
                || (candidate.Length == compactIri.Length && string.CompareOrdinal(candidate, compactIri) < 0);
            var candidateDefinition = active.Term(candidate);
            if (better && (candidateDefinition is null || (candidateDefinition.Iri == iri && value is null)))
            {
                compactIri = candidate;
            }
        }

        if (compactIri is not null)
        {
            return compactIri;
        }

        var colon = iri.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && active.Term(iri[..colon]) is { Prefix: true } && !iri.AsSpan(colon + 1).StartsWith("//"))
        {
            throw Error(JsonLdErrorCode.IriConfusedWithPrefix, $"The IRI {iri} would read as a compact IRI with the prefix {iri[..colon]}.");
        }

        if (!vocab && _options.CompactToRelative && active.BaseIri is { } baseIri && !Keywords.IsKeyword(iri))
        {
            var relative = Iri.Relativize(baseIri, iri);
            if (Keywords.HasKeywordForm(relative))
            {
                relative = "./" + relative;
            }

            return relative;
        }

        return iri;
    }

    private string? SelectTermFor(ActiveContext active, string iri, Dictionary<string, InverseContext.Entry> byContainer, JsonNode? value, bool reverse)
    {
        var defaultLanguage = active.DefaultDirection is not null
            ? $"{active.DefaultLanguage}_{active.DefaultDirection}".ToLowerInvariant()
            : active.DefaultLanguage?.ToLowerInvariant() ?? Keywords.None;
        var containers = new List<string>(8);
        var typeOrLanguage = Keywords.Language;
        string? typeOrLanguageValue = "@null";
        var valueMap = value as JsonObject;
        if (valueMap is not null && valueMap.ContainsKey(Keywords.Index) && !Json.IsGraphObject(valueMap))
        {
            containers.Add(Keywords.Index);
            containers.Add(Keywords.Index + Keywords.Set);
        }

        if (reverse)
        {
            typeOrLanguage = Keywords.Type;
            typeOrLanguageValue = Keywords.Reverse;
            containers.Add(Keywords.Set);
        }
        else if (valueMap is not null && valueMap.TryGetPropertyValue(Keywords.List, out var list))
        {
            if (!valueMap.ContainsKey(Keywords.Index))
            {
                containers.Add(Keywords.List);
            }

            var items = Json.AsArray(list?.DeepClone());
            string? commonType = null;
            string? commonLanguage = items.Count == 0 ? defaultLanguage : null;
            foreach (var item in items)
            {
                var itemLanguage = Keywords.None;
                var itemType = Keywords.None;
                if (item is JsonObject io && io.ContainsKey(Keywords.Value))
                {
                    if (io.TryGetPropertyValue(Keywords.Direction, out var dir))
                    {
                        itemLanguage = $"{Json.AsString(io[Keywords.Language])}_{Json.AsString(dir)}".ToLowerInvariant();
                    }
                    else if (io.TryGetPropertyValue(Keywords.Language, out var lang))
                    {
                        itemLanguage = Json.AsString(lang)!.ToLowerInvariant();
                    }
                    else if (io.TryGetPropertyValue(Keywords.Type, out var type))
                    {
                        itemType = Json.AsString(type)!;
                    }
                    else
                    {
                        itemLanguage = "@null";
                    }
                }
                else
                {
                    itemType = Keywords.Id;
                }

                if (commonLanguage is null)
                {
                    commonLanguage = itemLanguage;
                }
                else if (itemLanguage != commonLanguage && Json.IsValueObject(item))
                {
                    commonLanguage = Keywords.None;
                }

                if (commonType is null)
                {
                    commonType = itemType;
                }
                else if (itemType != commonType)
                {
                    commonType = Keywords.None;
                }

                if (commonLanguage == Keywords.None && commonType == Keywords.None)
                {
                    break;
                }
            }

            commonLanguage ??= Keywords.None;
            commonType ??= Keywords.None;
            if (commonType != Keywords.None)
            {
                typeOrLanguage = Keywords.Type;
                typeOrLanguageValue = commonType;
            }
            else
            {
                typeOrLanguageValue = commonLanguage;
            }
        }
        else if (Json.IsGraphObject(valueMap))
        {
            var hasIndex = valueMap!.ContainsKey(Keywords.Index);
            var hasId = valueMap.ContainsKey(Keywords.Id);
            if (hasIndex)
            {
                containers.Add("@graph@index");
                containers.Add("@graph@index@set");
            }

            if (hasId)
            {
                containers.Add("@graph@id");
                containers.Add("@graph@id@set");
            }

            containers.Add(Keywords.Graph);
            containers.Add("@graph@set");
            containers.Add(Keywords.Set);
            if (!hasIndex)
            {
                containers.Add("@graph@index");
                containers.Add("@graph@index@set");
            }

            if (!hasId)
            {
                containers.Add("@graph@id");
                containers.Add("@graph@id@set");
            }

            containers.Add(Keywords.Index);
            containers.Add("@index@set");
            typeOrLanguage = Keywords.Type;
            typeOrLanguageValue = Keywords.Id;
        }
        else
        {
            if (valueMap is not null && valueMap.ContainsKey(Keywords.Value))
            {
                if (valueMap.TryGetPropertyValue(Keywords.Direction, out var dir) && !valueMap.ContainsKey(Keywords.Index))
                {
                    typeOrLanguageValue = $"{Json.AsString(valueMap[Keywords.Language])}_{Json.AsString(dir)}".ToLowerInvariant();
                    containers.Add(Keywords.Language);
                    containers.Add("@language@set");
                }
                else if (valueMap.TryGetPropertyValue(Keywords.Language, out var lang) && !valueMap.ContainsKey(Keywords.Index))
                {
                    typeOrLanguageValue = Json.AsString(lang)!.ToLowerInvariant();
                    containers.Add(Keywords.Language);
                    containers.Add("@language@set");
                }
                else if (valueMap.TryGetPropertyValue(Keywords.Type, out var type))
                {
                    typeOrLanguage = Keywords.Type;
                    typeOrLanguageValue = Json.AsString(type);
                }
            }
            else
            {
                typeOrLanguage = Keywords.Type;
                typeOrLanguageValue = Keywords.Id;
                containers.Add(Keywords.Id);
                containers.Add("@id@set");
                containers.Add(Keywords.Type);
                containers.Add("@set@type");
            }

            containers.Add(Keywords.Set);
        }

        containers.Add(Keywords.None);
        if (!active.Is10 && (valueMap is null || !valueMap.ContainsKey(Keywords.Index)))
        {
            containers.Add(Keywords.Index);
            containers.Add("@index@set");
        }

        if (!active.Is10 && valueMap is { Count: 1 } && valueMap.ContainsKey(Keywords.Value))
        {
            containers.Add(Keywords.Language);
            containers.Add("@language@set");
        }

        typeOrLanguageValue ??= "@null";
        var preferred = new List<string>(6);
        if (typeOrLanguageValue == Keywords.Reverse)
        {
            preferred.Add(Keywords.Reverse);
        }

        if (typeOrLanguageValue is Keywords.Id or Keywords.Reverse && valueMap is not null && Json.TryString(valueMap[Keywords.Id], out var id))
        {
            var compactedId = CompactIri(active, id, null, vocab: true);
            if (active.Term(compactedId) is { } d && d.Iri == id)
            {
                preferred.AddRange([Keywords.Vocab, Keywords.Id, Keywords.None]);
            }
            else
            {
                preferred.AddRange([Keywords.Id, Keywords.Vocab, Keywords.None]);
            }
        }
        else
        {
            preferred.Add(typeOrLanguageValue);
            preferred.Add(Keywords.None);
            if (valueMap is not null && valueMap[Keywords.List] is JsonArray { Count: 0 })
            {
                typeOrLanguage = Keywords.Any;
            }
        }

        preferred.Add(Keywords.Any);
        foreach (var p in preferred.ToArray())
        {
            var underscore = p.IndexOf('_', StringComparison.Ordinal);
            if (underscore >= 0)
            {
                preferred.Add(p[underscore..]);
            }
        }

        foreach (var container in containers)
        {
            if (!byContainer.TryGetValue(container, out var entry))
            {
                continue;
            }

            foreach (var item in preferred)
            {
                if (typeOrLanguage == Keywords.Any)
                {
                    if (item == Keywords.None)
                    {
                        return entry.Any;
                    }

                    continue;
                }

                var map = typeOrLanguage == Keywords.Type ? entry.Type : entry.Language;
                if (map.TryGetValue(item, out var term))
                {
                    return term;
                }
            }
        }

        return null;
    }

    /// <summary>Value Compaction (6.4): the scalar form of a value object or node reference, or null when it must stay a map.</summary>
    private JsonNode? CompactValue(ActiveContext active, string? activeProperty, JsonObject value, out bool compacted)
    {
        compacted = true;
        var definition = active.Term(activeProperty);
        var typeMapping = definition?.Type;
        var language = definition is { HasLanguage: true } ? definition.Language : active.DefaultLanguage;
        var direction = definition is { HasDirection: true } ? definition.Direction : active.DefaultDirection;
        var hasIndex = value.ContainsKey(Keywords.Index);
        var indexOk = !hasIndex || definition?.HasContainer(Keywords.Index) == true;
        if (value.TryGetPropertyValue(Keywords.Id, out var idNode) && (value.Count == 1 || (value.Count == 2 && hasIndex)))
        {
            if (typeMapping == Keywords.Id && indexOk)
            {
                return CompactIri(active, Json.AsString(idNode)!, null, vocab: false);
            }

            if (typeMapping == Keywords.Vocab && indexOk)
            {
                return CompactIri(active, Json.AsString(idNode)!, null, vocab: true);
            }
        }
        else if (value.TryGetPropertyValue(Keywords.Value, out var v) && indexOk)
        {
            var type = Json.AsString(value[Keywords.Type]);
            if (type is not null && type == typeMapping)
            {
                return v?.DeepClone();
            }

            if (typeMapping != Keywords.None && type is null)
            {
                if (!Json.IsString(v) && !value.ContainsKey(Keywords.Language) && !value.ContainsKey(Keywords.Direction))
                {
                    return v?.DeepClone();
                }

                var valueLanguage = Json.AsString(value[Keywords.Language]);
                var valueDirection = Json.AsString(value[Keywords.Direction]);
                var languageMatches = language is null ? valueLanguage is null : string.Equals(valueLanguage, language, StringComparison.OrdinalIgnoreCase);
                var directionMatches = direction is null ? valueDirection is null : valueDirection == direction;
                if (languageMatches && directionMatches)
                {
                    return v?.DeepClone();
                }
            }
        }

        compacted = false;
        return null;
    }
}
