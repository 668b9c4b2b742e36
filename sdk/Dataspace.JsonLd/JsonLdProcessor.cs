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

    internal ActiveContext InitialContext()
    {
        var baseIri = _options.Base?.OriginalString;
        return _initialContexts.GetOrAdd((baseIri, _options.ProcessingMode), key => new ActiveContext(key.Base, key.Mode));
    }
}
