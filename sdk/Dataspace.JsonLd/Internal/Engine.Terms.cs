using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>Create Term Definition (JSON-LD 1.1 API, 4.2).</summary>
internal sealed partial class Engine
{
    private static readonly HashSet<string> TermDefinitionKeys = new(StringComparer.Ordinal)
    {
        Keywords.Id, Keywords.Reverse, Keywords.Container, Keywords.Context, Keywords.Direction, Keywords.Index,
        Keywords.Language, Keywords.Nest, Keywords.Prefix, Keywords.Protected, Keywords.Type,
    };

    private static readonly HashSet<string> ContainerKinds = new(StringComparer.Ordinal)
    {
        Keywords.Graph, Keywords.Id, Keywords.Index, Keywords.Language, Keywords.List, Keywords.Set, Keywords.Type,
    };

    private async ValueTask CreateTermDefinitionAsync(ActiveContext active, DefineScope scope, string term)
    {
        if (scope.Defined.TryGetValue(term, out var done))
        {
            if (done)
            {
                return;
            }

            throw Error(JsonLdErrorCode.CyclicIriMapping, $"The term {term} is defined in terms of itself.");
        }

        if (term.Length == 0)
        {
            throw Error(JsonLdErrorCode.InvalidTermDefinition, "A term must not be the empty string.");
        }

        scope.Defined[term] = false;
        var value = scope.LocalContext[term];
        if (term == Keywords.Type)
        {
            if (active.Is10 || !IsValidTypeRedefinition(value))
            {
                throw Error(JsonLdErrorCode.KeywordRedefinition, "@type may only be given a map with \"@container\": \"@set\" and @protected.");
            }
        }
        else if (Keywords.IsKeyword(term))
        {
            throw Error(JsonLdErrorCode.KeywordRedefinition, $"The keyword {term} cannot be redefined.");
        }
        else if (Keywords.HasKeywordForm(term))
        {
            scope.Defined[term] = true;
            return;
        }

        var previous = active.Term(term);
        active.Terms.Remove(term);
        JsonObject map;
        var simpleTerm = false;
        if (value is null)
        {
            map = new JsonObject { [Keywords.Id] = null };
        }
        else if (Json.IsString(value))
        {
            map = new JsonObject { [Keywords.Id] = value.DeepClone() };
            simpleTerm = true;
        }
        else if (value is JsonObject o)
        {
            map = o;
        }
        else
        {
            throw Error(JsonLdErrorCode.InvalidTermDefinition, $"The definition of {term} must be a string, a map or null, not {Describe(value)}.");
        }

        var definition = new TermDefinition { Protected = scope.Protected };
        if (map.TryGetPropertyValue(Keywords.Protected, out var protectedValue))
        {
            if (active.Is10)
            {
                throw Error(JsonLdErrorCode.InvalidTermDefinition, "@protected is not allowed in json-ld-1.0 processing mode.");
            }

            if (!Json.TryBool(protectedValue, out var p))
            {
                throw Error(JsonLdErrorCode.InvalidProtectedValue, $"@protected of {term} must be true or false.");
            }

            definition.Protected = p;
        }

        if (map.TryGetPropertyValue(Keywords.Type, out var typeValue))
        {
            if (!Json.TryString(typeValue, out var t))
            {
                throw Error(JsonLdErrorCode.InvalidTypeMapping, $"@type of {term} must be a string, not {Describe(typeValue)}.");
            }

            var type = await ExpandIriAsync(active, t, false, true, scope).ConfigureAwait(false);
            if (type is null
                || (active.Is10 && type is Keywords.Json or Keywords.None)
                || (type is not (Keywords.Id or Keywords.Json or Keywords.None or Keywords.Vocab) && !Iri.IsAbsolute(type)))
            {
                throw Error(JsonLdErrorCode.InvalidTypeMapping, $"@type of {term} must be @id, @vocab, @json, @none or an absolute IRI, not {t}.");
            }

            definition.Type = type;
        }

        if (map.TryGetPropertyValue(Keywords.Reverse, out var reverseValue))
        {
            if (map.ContainsKey(Keywords.Id) || map.ContainsKey(Keywords.Nest))
            {
                throw Error(JsonLdErrorCode.InvalidReverseProperty, $"The reverse property {term} must not have @id or @nest.");
            }

            if (!Json.TryString(reverseValue, out var r))
            {
                throw Error(JsonLdErrorCode.InvalidIriMapping, $"@reverse of {term} must be a string.");
            }

            if (Keywords.HasKeywordForm(r))
            {
                scope.Defined[term] = true;
                return;
            }

            var iri = await ExpandIriAsync(active, r, false, true, scope).ConfigureAwait(false);
            if (iri is null || (!Iri.IsAbsolute(iri) && !Iri.IsBlankNode(iri)))
            {
                throw Error(JsonLdErrorCode.InvalidIriMapping, $"@reverse of {term} must expand to an IRI, not {r}.");
            }

            definition.Iri = iri;
            definition.Reverse = true;
        }
        else if (map.TryGetPropertyValue(Keywords.Id, out var idValue) && !(Json.TryString(idValue, out var same) && same == term))
        {
            if (idValue is not null)
            {
                if (!Json.TryString(idValue, out var id))
                {
                    throw Error(JsonLdErrorCode.InvalidIriMapping, $"@id of {term} must be a string or null, not {Describe(idValue)}.");
                }

                if (!Keywords.IsKeyword(id) && Keywords.HasKeywordForm(id))
                {
                    scope.Defined[term] = true;
                    return;
                }

                var iri = await ExpandIriAsync(active, id, false, true, scope).ConfigureAwait(false);
                if (iri is null || (!Keywords.IsKeyword(iri) && !Iri.IsAbsolute(iri) && !Iri.IsBlankNode(iri)))
                {
                    throw Error(JsonLdErrorCode.InvalidIriMapping, $"@id of {term} must expand to an IRI, a blank node identifier or a keyword, not {id}.");
                }

                if (iri == Keywords.Context)
                {
                    throw Error(JsonLdErrorCode.InvalidKeywordAlias, $"{term} cannot be an alias of @context.");
                }

                definition.Iri = iri;
                var colon = term.IndexOf(':', 1);
                // JSON-LD 1.0 let a term that looks like an IRI map to another IRI.
                if (!active.Is10 && ((colon > 0 && colon < term.Length - 1) || term.Contains('/', StringComparison.Ordinal)))
                {
                    scope.Defined[term] = true;
                    var termIri = await ExpandIriAsync(active, term, false, true, scope).ConfigureAwait(false);
                    if (termIri != iri)
                    {
                        throw Error(JsonLdErrorCode.InvalidIriMapping, $"The term {term} looks like an IRI that differs from its @id {iri}.");
                    }
                }

                if (!term.Contains(':', StringComparison.Ordinal) && !term.Contains('/', StringComparison.Ordinal) && simpleTerm
                    && (Iri.EndsWithGenDelim(iri) || Iri.IsBlankNode(iri)))
                {
                    definition.Prefix = true;
                }
            }
        }
        else if (term.IndexOf(':', 1) is var c && c > 0)
        {
            var prefix = term[..c];
            if (scope.LocalContext.ContainsKey(prefix))
            {
                await CreateTermDefinitionAsync(active, scope, prefix).ConfigureAwait(false);
            }

            definition.Iri = active.Term(prefix) is { Iri: { } prefixIri } ? prefixIri + term[(c + 1)..] : term;
        }
        else if (term.Contains('/', StringComparison.Ordinal))
        {
            var iri = ExpandIri(active, term, false, true);
            if (iri is null || !Iri.IsAbsolute(iri))
            {
                throw Error(JsonLdErrorCode.InvalidIriMapping, $"The relative IRI term {term} cannot be expanded to an IRI.");
            }

            definition.Iri = iri;
        }
        else if (term == Keywords.Type)
        {
            definition.Iri = Keywords.Type;
        }
        else if (active.Vocab is not null)
        {
            definition.Iri = active.Vocab + term;
        }
        else
        {
            throw Error(JsonLdErrorCode.InvalidIriMapping, $"The term {term} has no @id and there is no @vocab to expand it.");
        }

        await CompleteTermDefinitionAsync(active, scope, term, map, definition).ConfigureAwait(false);
        if (!scope.OverrideProtected && previous is { Protected: true })
        {
            if (!definition.SameAs(previous))
            {
                throw Error(JsonLdErrorCode.ProtectedTermRedefinition, $"The protected term {term} cannot be redefined.");
            }

            definition = previous;
        }

        active.Terms[term] = definition;
        scope.Defined[term] = true;
    }

    private async ValueTask CompleteTermDefinitionAsync(ActiveContext active, DefineScope scope, string term, JsonObject map, TermDefinition definition)
    {
        if (map.TryGetPropertyValue(Keywords.Container, out var containerValue))
        {
            definition.Container = ParseContainer(active, term, containerValue, definition.Reverse);
            if (definition.HasContainer(Keywords.Type))
            {
                definition.Type ??= Keywords.Id;
                if (definition.Type is not (Keywords.Id or Keywords.Vocab))
                {
                    throw Error(JsonLdErrorCode.InvalidTypeMapping, $"A type map {term} needs @type @id or @vocab, not {definition.Type}.");
                }
            }
        }

        if (map.TryGetPropertyValue(Keywords.Index, out var indexValue))
        {
            if (active.Is10 || !definition.HasContainer(Keywords.Index))
            {
                throw Error(JsonLdErrorCode.InvalidTermDefinition, $"@index of {term} needs an @index container.");
            }

            if (!Json.TryString(indexValue, out var index) || Keywords.IsKeyword(index) || ExpandIri(active, index, false, true) is not { } ex || !Iri.IsAbsolute(ex))
            {
                throw Error(JsonLdErrorCode.InvalidTermDefinition, $"@index of {term} must be a string that expands to an IRI.");
            }

            definition.Index = index;
        }

        if (map.TryGetPropertyValue(Keywords.Context, out var scoped))
        {
            if (active.Is10)
            {
                throw Error(JsonLdErrorCode.InvalidTermDefinition, "Scoped contexts are not allowed in json-ld-1.0 processing mode.");
            }

            try
            {
                await ProcessContextAsync(active, scoped, scope.BaseUrl, [.. scope.RemoteContexts], overrideProtected: true, validateScoped: false).ConfigureAwait(false);
            }
            catch (JsonLdException ex) when (ex.Code is not (JsonLdErrorCode.MaxDepthExceeded or JsonLdErrorCode.MaxSizeExceeded))
            {
                throw new JsonLdException(JsonLdErrorCode.InvalidScopedContext, $"The scoped context of {term} is invalid: {ex.Message}", ex);
            }

            definition.LocalContext = scoped;
            definition.HasLocalContext = true;
            definition.BaseUrl = scope.BaseUrl;
        }

        if (map.TryGetPropertyValue(Keywords.Language, out var language) && !map.ContainsKey(Keywords.Type))
        {
            if (language is not null && !Json.IsString(language))
            {
                throw Error(JsonLdErrorCode.InvalidLanguageMapping, $"@language of {term} must be a string or null.");
            }

            definition.HasLanguage = true;
            definition.Language = Json.AsString(language)?.ToLowerInvariant();
        }

        if (map.TryGetPropertyValue(Keywords.Direction, out var direction) && !map.ContainsKey(Keywords.Type))
        {
            var d = Json.AsString(direction);
            if (direction is not null && d is not ("ltr" or "rtl"))
            {
                throw Error(JsonLdErrorCode.InvalidBaseDirection, $"@direction of {term} must be \"ltr\", \"rtl\" or null.");
            }

            definition.HasDirection = true;
            definition.Direction = d;
        }

        if (map.TryGetPropertyValue(Keywords.Nest, out var nest))
        {
            if (active.Is10)
            {
                throw Error(JsonLdErrorCode.InvalidTermDefinition, "@nest is not allowed in json-ld-1.0 processing mode.");
            }

            if (!Json.TryString(nest, out var n) || (Keywords.IsKeyword(n) && n != Keywords.Nest))
            {
                throw Error(JsonLdErrorCode.InvalidNestValue, $"@nest of {term} must be @nest or a term.");
            }

            definition.Nest = n;
        }

        if (map.TryGetPropertyValue(Keywords.Prefix, out var prefix))
        {
            if (active.Is10 || term.Contains(':', StringComparison.Ordinal) || term.Contains('/', StringComparison.Ordinal))
            {
                throw Error(JsonLdErrorCode.InvalidTermDefinition, $"@prefix is not allowed on {term}.");
            }

            if (!Json.TryBool(prefix, out var p))
            {
                throw Error(JsonLdErrorCode.InvalidPrefixValue, $"@prefix of {term} must be true or false.");
            }

            definition.Prefix = p;
            if (p && Keywords.IsKeyword(definition.Iri))
            {
                throw Error(JsonLdErrorCode.InvalidTermDefinition, $"The keyword alias {term} cannot be a prefix.");
            }
        }

        foreach (var (key, _) in map)
        {
            if (!TermDefinitionKeys.Contains(key))
            {
                throw Error(JsonLdErrorCode.InvalidTermDefinition, $"The definition of {term} has the unknown entry {key}.");
            }
        }
    }

    private static bool IsValidTypeRedefinition(JsonNode? value)
    {
        if (value is not JsonObject o || o.Count == 0)
        {
            return false;
        }

        foreach (var (k, v) in o)
        {
            if (k == Keywords.Container ? !(Json.TryString(v, out var s) && s == Keywords.Set) : k != Keywords.Protected)
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> ParseContainer(ActiveContext active, string term, JsonNode? value, bool reverse)
    {
        var kinds = new List<string>();
        if (Json.TryString(value, out var single))
        {
            kinds.Add(single);
        }
        else if (value is JsonArray arr && !active.Is10)
        {
            foreach (var item in arr)
            {
                kinds.Add(Json.TryString(item, out var s) ? s : throw Error(JsonLdErrorCode.InvalidContainerMapping, $"@container of {term} must hold strings."));
            }
        }
        else if (value is not null || !reverse)
        {
            throw Error(JsonLdErrorCode.InvalidContainerMapping, $"@container of {term} must be a string or an array of strings.");
        }

        kinds.Sort(StringComparer.Ordinal);
        var valid = kinds.Count switch
        {
            0 => reverse,
            1 => ContainerKinds.Contains(kinds[0]),
            _ when kinds.Distinct().Count() != kinds.Count => false,
            _ when kinds.Contains(Keywords.Graph) => kinds.TrueForAll(k => k is Keywords.Graph or Keywords.Id or Keywords.Index or Keywords.Set)
                && !(kinds.Contains(Keywords.Id) && kinds.Contains(Keywords.Index)),
            2 => kinds.Contains(Keywords.Set) && kinds.TrueForAll(k => k is Keywords.Set or Keywords.Index or Keywords.Id or Keywords.Type or Keywords.Language),
            _ => false,
        };
        if (active.Is10 && (kinds.Count != 1 || kinds[0] is Keywords.Graph or Keywords.Id or Keywords.Type))
        {
            valid = false;
        }

        if (reverse && !kinds.TrueForAll(k => k is Keywords.Set or Keywords.Index))
        {
            throw Error(JsonLdErrorCode.InvalidReverseProperty, $"The reverse property {term} may only have an @set or @index container.");
        }

        return valid ? kinds : throw Error(JsonLdErrorCode.InvalidContainerMapping, $"@container of {term} is not a valid combination: {string.Join(", ", kinds)}.");
    }
}
