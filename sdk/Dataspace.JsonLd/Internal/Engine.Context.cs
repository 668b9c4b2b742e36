using System.Text.Json.Nodes;
using Dataspace.JsonLd.Loading;

namespace Dataspace.JsonLd.Internal;

/// <summary>The Context Processing algorithm (JSON-LD 1.1 API, 4.1).</summary>
internal sealed partial class Engine
{
    private const int MaxDerivedContexts = 256;

    private static readonly HashSet<string> ContextKeywordsSkipped = new(StringComparer.Ordinal)
    {
        Keywords.Base, Keywords.Direction, Keywords.Import, Keywords.Language, Keywords.Propagate, Keywords.Protected, Keywords.Version, Keywords.Vocab,
    };

    /// <summary>Processes a local context that is a stable object (a URL or a scoped context of a term), reusing earlier results.</summary>
    public async ValueTask<ActiveContext> ProcessContextCachedAsync(ActiveContext active, JsonNode? local, string? baseUrl, bool overrideProtected = false, bool propagate = true)
    {
        object key = ContextCacheKey(local) ?? (object?)local ?? string.Empty;
        var derivedKey = new ActiveContext.DerivedKey(key, baseUrl, overrideProtected, propagate);
        if (active.Derived.TryGetValue(derivedKey, out var cached))
        {
            return cached;
        }

        var result = await ProcessContextAsync(active, local, baseUrl, null, overrideProtected, propagate).ConfigureAwait(false);
        // Bounded: documents may bring their own scoped contexts, which must not grow a shared context without limit.
        if (active.Derived.Count < MaxDerivedContexts)
        {
            active.Derived.TryAdd(derivedKey, result);
        }

        return result;
    }

    /// <summary>A key for a context made only of URLs (the usual case), so that equal references share one cache entry.</summary>
    public static string? ContextCacheKey(JsonNode? local)
    {
        if (Json.TryString(local, out var url))
        {
            return url;
        }

        if (local is not JsonArray array || array.Count == 0)
        {
            return null;
        }

        var parts = new string[array.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!Json.TryString(array[i], out parts[i]))
            {
                return null;
            }
        }

        return string.Join('\n', parts);
    }

    public async ValueTask<ActiveContext> ProcessContextAsync(
        ActiveContext active, JsonNode? local, string? baseUrl, List<string>? remoteContexts = null,
        bool overrideProtected = false, bool propagate = true, bool validateScoped = true)
    {
        remoteContexts ??= [];
        if (++_contextDepth > _options.MaxDepth)
        {
            throw Error(JsonLdErrorCode.MaxDepthExceeded, $"Contexts nest (through scoped contexts and imports) deeper than the limit of {_options.MaxDepth} levels.");
        }

        try
        {
            return await ProcessContextItemsAsync(active, local, baseUrl, remoteContexts, overrideProtected, propagate, validateScoped).ConfigureAwait(false);
        }
        finally
        {
            _contextDepth--;
        }
    }

    private async ValueTask<ActiveContext> ProcessContextItemsAsync(
        ActiveContext active, JsonNode? local, string? baseUrl, List<string> remoteContexts, bool overrideProtected, bool propagate, bool validateScoped)
    {
        var result = active.Clone();
        if (local is JsonObject lo && lo.TryGetPropertyValue(Keywords.Propagate, out var p) && Json.TryBool(p, out var pv))
        {
            propagate = pv;
        }

        if (!propagate && result.PreviousContext is null)
        {
            result.PreviousContext = active;
        }

        foreach (var context in Json.Items(local))
        {
            if (context is null)
            {
                if (!overrideProtected && result.HasProtectedTerms)
                {
                    throw Error(JsonLdErrorCode.InvalidContextNullification, "A context cannot be set to null while it defines protected terms.");
                }

                var previous = result;
                result = new ActiveContext(active.OriginalBaseUrl, active.ProcessingMode);
                if (!propagate)
                {
                    result.PreviousContext = previous;
                }

                continue;
            }

            if (Json.TryString(context, out var reference))
            {
                result = await ProcessRemoteContextAsync(result, reference, baseUrl, remoteContexts, validateScoped).ConfigureAwait(false);
                continue;
            }

            if (context is not JsonObject map)
            {
                throw Error(JsonLdErrorCode.InvalidLocalContext, $"A context must be a map, a string or an array, not {Describe(context)}.");
            }

            await ProcessContextMapAsync(result, map, baseUrl, remoteContexts, overrideProtected, validateScoped).ConfigureAwait(false);
        }

        return result;
    }

    private async ValueTask<ActiveContext> ProcessRemoteContextAsync(ActiveContext result, string reference, string? baseUrl, List<string> remoteContexts, bool validateScoped)
    {
        var url = Iri.Resolve(baseUrl, reference);
        if (!validateScoped && remoteContexts.Contains(url))
        {
            return result;
        }

        if (result.Is10 && remoteContexts.Contains(url))
        {
            throw Error(JsonLdErrorCode.RecursiveContextInclusion, $"The context {url} includes itself.");
        }

        if (remoteContexts.Count >= _options.MaxRemoteContexts)
        {
            throw Error(JsonLdErrorCode.ContextOverflow, $"More than {_options.MaxRemoteContexts} remote contexts were loaded while processing {url} (a cycle of contexts?).");
        }

        remoteContexts.Add(url);
        var document = await LoadAsync(url, JsonLdErrorCode.LoadingRemoteContextFailed).ConfigureAwait(false);
        if (document.Document is not JsonObject d || !d.TryGetPropertyValue(Keywords.Context, out var loaded))
        {
            throw Error(JsonLdErrorCode.InvalidRemoteContext, $"The remote context {url} has no top-level map with an @context entry.");
        }

        return await ProcessContextAsync(result, loaded, document.DocumentUrl.OriginalString, [.. remoteContexts], validateScoped: validateScoped).ConfigureAwait(false);
    }

    private async ValueTask<RemoteDocument> LoadAsync(string url, string code)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw Error(code, $"{url} is not an absolute URL, so it cannot be loaded.");
        }

        try
        {
            return await _options.DocumentLoader.LoadDocumentAsync(uri, _cancellationToken).ConfigureAwait(false);
        }
        catch (JsonLdException ex) when (ex.Code != code)
        {
            throw new JsonLdException(code, $"{url}: {ex.Message}", ex);
        }
    }

    private async ValueTask ProcessContextMapAsync(ActiveContext result, JsonObject context, string? baseUrl, List<string> remoteContexts, bool overrideProtected, bool validateScoped)
    {
        if (context.TryGetPropertyValue(Keywords.Version, out var version))
        {
            if (version is not JsonValue vv || vv.GetValueKind() != System.Text.Json.JsonValueKind.Number || vv.GetValue<double>() != 1.1)
            {
                throw Error(JsonLdErrorCode.InvalidVersionValue, $"@version must be the number 1.1, not {Describe(version)}.");
            }

            if (result.Is10)
            {
                throw Error(JsonLdErrorCode.ProcessingModeConflict, "@version 1.1 is not allowed in json-ld-1.0 processing mode.");
            }
        }

        if (context.TryGetPropertyValue(Keywords.Import, out var importValue))
        {
            context = await ImportAsync(result, context, importValue, baseUrl).ConfigureAwait(false);
        }

        if (context.TryGetPropertyValue(Keywords.Base, out var baseValue) && remoteContexts.Count == 0)
        {
            if (baseValue is null)
            {
                result.BaseIri = null;
            }
            else if (Json.TryString(baseValue, out var b) && Iri.IsAbsolute(b))
            {
                result.BaseIri = Iri.Resolve(null, b);
            }
            else if (Json.TryString(baseValue, out b) && result.BaseIri is not null)
            {
                result.BaseIri = Iri.Resolve(result.BaseIri, b);
            }
            else
            {
                throw Error(JsonLdErrorCode.InvalidBaseIri, $"@base must be an absolute IRI, a relative IRI with a base to resolve it against, or null, not {Describe(baseValue)}.");
            }
        }

        if (context.TryGetPropertyValue(Keywords.Vocab, out var vocab))
        {
            if (vocab is null)
            {
                result.Vocab = null;
            }
            else if (Json.TryString(vocab, out var v) && (Iri.IsAbsolute(v) || Iri.IsBlankNode(v) || !result.Is10))
            {
                result.Vocab = ExpandIri(result, v, documentRelative: true, vocab: true)
                    ?? throw Error(JsonLdErrorCode.InvalidVocabMapping, $"@vocab must be an IRI or a blank node identifier, not {v}.");
            }
            else
            {
                throw Error(JsonLdErrorCode.InvalidVocabMapping, $"@vocab must be an IRI, a blank node identifier or null, not {Describe(vocab)}.");
            }
        }

        if (context.TryGetPropertyValue(Keywords.Language, out var language))
        {
            if (language is null)
            {
                result.DefaultLanguage = null;
            }
            else if (Json.TryString(language, out var l))
            {
                result.DefaultLanguage = l.ToLowerInvariant();
            }
            else
            {
                throw Error(JsonLdErrorCode.InvalidDefaultLanguage, $"@language must be a string or null, not {Describe(language)}.");
            }
        }

        if (context.TryGetPropertyValue(Keywords.Direction, out var direction))
        {
            if (result.Is10)
            {
                throw Error(JsonLdErrorCode.ProcessingModeConflict, "@direction is not allowed in json-ld-1.0 processing mode.");
            }

            if (direction is null)
            {
                result.DefaultDirection = null;
            }
            else if (Json.TryString(direction, out var d) && d is "ltr" or "rtl")
            {
                result.DefaultDirection = d;
            }
            else
            {
                throw Error(JsonLdErrorCode.InvalidBaseDirection, $"@direction must be \"ltr\", \"rtl\" or null, not {Describe(direction)}.");
            }
        }

        if (context.TryGetPropertyValue(Keywords.Propagate, out var propagateValue))
        {
            if (result.Is10)
            {
                throw Error(JsonLdErrorCode.InvalidContextEntry, "@propagate is not allowed in json-ld-1.0 processing mode.");
            }

            if (!Json.TryBool(propagateValue, out _))
            {
                throw Error(JsonLdErrorCode.InvalidPropagateValue, $"@propagate must be true or false, not {Describe(propagateValue)}.");
            }
        }

        var isProtected = false;
        if (context.TryGetPropertyValue(Keywords.Protected, out var protectedValue))
        {
            if (result.Is10)
            {
                throw Error(JsonLdErrorCode.InvalidContextEntry, "@protected is not allowed in json-ld-1.0 processing mode.");
            }

            if (!Json.TryBool(protectedValue, out isProtected))
            {
                throw Error(JsonLdErrorCode.InvalidProtectedValue, $"@protected must be true or false, not {Describe(protectedValue)}.");
            }
        }

        var scope = new DefineScope(context, baseUrl, isProtected, overrideProtected, remoteContexts, validateScoped);
        foreach (var (key, _) in context)
        {
            if (!ContextKeywordsSkipped.Contains(key))
            {
                await CreateTermDefinitionAsync(result, scope, key).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<JsonObject> ImportAsync(ActiveContext result, JsonObject context, JsonNode? importValue, string? baseUrl)
    {
        if (result.Is10)
        {
            throw Error(JsonLdErrorCode.InvalidContextEntry, "@import is not allowed in json-ld-1.0 processing mode.");
        }

        if (!Json.TryString(importValue, out var import))
        {
            throw Error(JsonLdErrorCode.InvalidImportValue, $"@import must be a string, not {Describe(importValue)}.");
        }

        var url = Iri.Resolve(baseUrl, import);
        var document = await LoadAsync(url, JsonLdErrorCode.LoadingRemoteContextFailed).ConfigureAwait(false);
        if (document.Document is not JsonObject d || !d.TryGetPropertyValue(Keywords.Context, out var imported) || imported is not JsonObject importedMap)
        {
            throw Error(JsonLdErrorCode.InvalidRemoteContext, $"The imported context {url} has no top-level map with an @context map.");
        }

        if (importedMap.ContainsKey(Keywords.Import))
        {
            throw Error(JsonLdErrorCode.InvalidContextEntry, $"The imported context {url} must not itself use @import.");
        }

        // A node has one parent in System.Text.Json, so the merged map holds copies.
        var merged = new JsonObject();
        var entries = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (k, v) in importedMap)
        {
            entries[k] = v;
        }

        foreach (var (k, v) in context)
        {
            if (k != Keywords.Import)
            {
                entries[k] = v;
            }
        }

        foreach (var (k, v) in entries)
        {
            merged[k] = v?.DeepClone();
        }

        // The merged map may end up in a cached context read by several threads: build it fully now.
        Materializer.Materialize(merged);
        return merged;
    }
}
