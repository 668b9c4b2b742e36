using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dataspace.JsonLd.Internal;

namespace Dataspace.JsonLd;

/// <summary>The JSON-LD 1.1 processor: expansion, compaction and flattening of System.Text.Json documents.</summary>
/// <remarks>Thread-safe and meant to be reused: it caches processed contexts. It never mutates its inputs.</remarks>
public sealed class JsonLdProcessor
{
    private readonly JsonLdOptions _options;
    private readonly ConcurrentDictionary<(string? Base, string Mode), ActiveContext> _initialContexts = new();

    /// <summary>Creates a processor; without options it uses json-ld-1.1, no base IRI and the embedded contexts only.</summary>
    public JsonLdProcessor(JsonLdOptions? options = null)
    {
        _options = options ?? new JsonLdOptions();
        if (_options.ProcessingMode is not (JsonLdOptions.JsonLd10 or JsonLdOptions.JsonLd11))
        {
            throw new ArgumentException($"ProcessingMode must be \"{JsonLdOptions.JsonLd10}\" or \"{JsonLdOptions.JsonLd11}\", not \"{_options.ProcessingMode}\".", nameof(options));
        }
    }

    /// <summary>The options this processor runs with.</summary>
    public JsonLdOptions Options => _options;

    /// <summary>Expands a document: every term becomes an absolute IRI and every value an array of value or node objects.</summary>
    public async Task<JsonArray> ExpandAsync(JsonNode input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var engine = new Engine(_options, cancellationToken);
        var active = InitialContext();
        if (_options.ExpandContext is { } expandContext)
        {
            var local = expandContext is JsonObject o && o.TryGetPropertyValue("@context", out var inner) ? inner : expandContext;
            active = await engine.ProcessContextAsync(active, local, active.BaseIri).ConfigureAwait(false);
        }

        return await engine.ExpandDocumentAsync(active, input, _options.Base?.OriginalString).ConfigureAwait(false);
    }

    /// <summary>Compacts a document with a context: terms and compact IRIs replace absolute IRIs, single values replace arrays.</summary>
    public async Task<JsonObject> CompactAsync(JsonNode input, JsonNode context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var expanded = await ExpandAsync(input, cancellationToken).ConfigureAwait(false);
        return await CompactExpandedAsync(expanded, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flattens a document into a single graph of node objects, compacted with <paramref name="context"/> when given.</summary>
    /// <returns>The array of node objects without a context; with one, a map with @context and @graph.</returns>
    public async Task<JsonNode> FlattenAsync(JsonNode input, JsonNode? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var expanded = await ExpandAsync(input, cancellationToken).ConfigureAwait(false);
        var flattened = NodeMap.Flatten(expanded);
        if (context is null)
        {
            return flattened;
        }

        return await CompactExpandedAsync(flattened, context, cancellationToken, forceGraph: true).ConfigureAwait(false);
    }

    internal async Task<JsonObject> CompactExpandedAsync(JsonArray expanded, JsonNode? context, CancellationToken cancellationToken, bool forceGraph = false)
    {
        var engine = new Engine(_options, cancellationToken);
        var local = context is JsonObject o && o.TryGetPropertyValue("@context", out var inner) ? inner : context;
        var active = Engine.ContextCacheKey(local) is not null
            ? await engine.ProcessContextCachedAsync(InitialContext(), local, _options.Base?.OriginalString).ConfigureAwait(false)
            : await engine.ProcessContextAsync(InitialContext(), local, _options.Base?.OriginalString).ConfigureAwait(false);
        var compacted = await engine.CompactAsync(active, null, expanded, 0).ConfigureAwait(false);
        if (forceGraph && compacted is JsonObject single)
        {
            compacted = new JsonArray(single);
        }

        var result = compacted switch
        {
            JsonArray { Count: 0 } when !forceGraph => [],
            JsonArray array => new JsonObject { [engine.CompactIri(active, "@graph", null, vocab: true)] = array },
            JsonObject map => map,
            _ => [],
        };
        if (local is not null and not JsonObject { Count: 0 } and not JsonArray { Count: 0 })
        {
            var withContext = new JsonObject { ["@context"] = local.DeepClone() };
            foreach (var (key, value) in result.ToArray())
            {
                result.Remove(key);
                withContext[key] = value;
            }

            result = withContext;
        }

        return result;
    }

    internal ActiveContext InitialContext()
    {
        var baseIri = _options.Base?.OriginalString;
        return _initialContexts.GetOrAdd((baseIri, _options.ProcessingMode), key => new ActiveContext(key.Base, key.Mode));
    }
}
