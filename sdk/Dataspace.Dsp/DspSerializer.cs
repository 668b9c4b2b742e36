using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Dataspace.Dsp.Internal;
using Dataspace.JsonLd;

namespace Dataspace.Dsp;

/// <summary>Reads and writes DSP 2025-1 messages: canonical compact JSON-LD directly, any other JSON-LD form through full expansion.</summary>
/// <remarks>Thread-safe. Both paths give identical records; identifiers are opaque strings, never resolved against a base IRI.</remarks>
public sealed class DspSerializer
{
    private static readonly JsonNode CanonicalContext = new JsonArray(DspContext.Url);
    private readonly JsonLdProcessor _processor;
    private readonly DspJsonContext _writer;
    private readonly DspJsonContext _lenient;
    private readonly long _maxMessageBytes;

    /// <summary>Creates a serializer; <paramref name="processor"/> must have no base IRI and must know the contexts peers use (the DSP ones are embedded).</summary>
    public DspSerializer(JsonLdProcessor? processor = null, long maxMessageBytes = 16 * 1024 * 1024)
    {
        _processor = processor ?? new JsonLdProcessor();
        if (_processor.Options.Base is not null)
        {
            throw new ArgumentException("The JSON-LD processor for DSP messages must have no base IRI: identifiers are opaque and never resolved.", nameof(processor));
        }

        _maxMessageBytes = maxMessageBytes;
        _writer = DspJsonContext.Default;
        _lenient = new DspJsonContext(new JsonSerializerOptions(DspJsonContext.Default.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip });
    }

    /// <summary>Reads a message, taking the fast path when it is in canonical form and full JSON-LD processing otherwise.</summary>
    public async Task<T> ReadAsync<T>(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
        where T : class, IDspMessage
    {
        CheckSize(utf8Json.Length);
        if (TryReadCanonical<T>(utf8Json.Span, out var message))
        {
            return message;
        }

        // The JSON parser checks UTF-8 only where it decodes strings, which the processor does lazily, past its error handling.
        if (!Utf8.IsValid(utf8Json.Span))
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, "The document is not valid UTF-8.");
        }

        var node = JsonLdDocument.Parse(utf8Json.Span, _processor.Options);
        return await ReadExpandedAsync<T>(node, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a message that is already parsed, by the fast path when canonical.</summary>
    public Task<T> ReadAsync<T>(JsonNode message, CancellationToken cancellationToken = default)
        where T : class, IDspMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        return ReadAsync<T>(JsonSerializer.SerializeToUtf8Bytes(message, JsonNodeTypeInfo), cancellationToken);
    }

    /// <summary>The fast path: reads a message in canonical compact form (DSP context only, unprefixed terms, the shapes the context gives); false for any other form.</summary>
    /// <remarks>One pass over the bytes with no document model; whatever it accepts reads to the same record as <see cref="ReadExpandedAsync{T}"/>.</remarks>
    public bool TryReadCanonical<T>(ReadOnlySpan<byte> utf8Json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? message)
        where T : class, IDspMessage
    {
        if (utf8Json.Length > _maxMessageBytes)
        {
            message = null;
            return false;
        }

        return CanonicalReader.TryRead(utf8Json, out message);
    }

    /// <summary>The full path: expands the message, compacts it with the DSP context and maps the result to the record.</summary>
    public async Task<T> ReadExpandedAsync<T>(JsonNode message, CancellationToken cancellationToken = default)
        where T : class, IDspMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        JsonObject compacted;
        try
        {
            compacted = await _processor.CompactAsync(message, CanonicalContext, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // JsonObject refuses a member name given twice only when the processor enumerates the object.
            throw new DspMessageException($"The message is not a valid {T.TypeName}: {ex.Message}; each member may be given only once.", ex);
        }

        if (compacted.ContainsKey("@graph"))
        {
            throw new DspMessageException($"Expected one {T.TypeName} object, but the document holds several top-level nodes.");
        }

        T? result;
        try
        {
            result = compacted.Deserialize(TypeInfo<T>(_lenient));
        }
        catch (JsonException ex)
        {
            throw new DspMessageException($"The message is not a valid {T.TypeName}: {ex.Message}", ex);
        }

        if (result is null || result.Type != T.TypeName)
        {
            throw new DspMessageException($"Expected a message of @type {T.TypeName} ({DspContext.Namespace}{T.TypeName}), got {result?.Type ?? "none"}.");
        }

        return result;
    }

    /// <summary>Writes a message in canonical compact form (UTF-8 JSON).</summary>
    public byte[] Write<T>(T message)
        where T : class, IDspMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.SerializeToUtf8Bytes(message, TypeInfo<T>(_writer));
    }

    private void CheckSize(long length)
    {
        if (length > _maxMessageBytes)
        {
            throw new JsonLdException(JsonLdErrorCode.MaxSizeExceeded, $"The message has {length} bytes, more than the limit of {_maxMessageBytes}.");
        }
    }

    private static JsonTypeInfo<JsonNode> JsonNodeTypeInfo => (JsonTypeInfo<JsonNode>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonNode));

    private static JsonTypeInfo<T> TypeInfo<T>(DspJsonContext context) =>
        (JsonTypeInfo<T>?)context.GetTypeInfo(typeof(T)) ?? throw new NotSupportedException($"{typeof(T).Name} is not a DSP message type known to the serializer.");
}
