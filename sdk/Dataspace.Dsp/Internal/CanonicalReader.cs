using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Internal;

/// <summary>
/// The fast path: reads the canonical compact form of a DSP message in one pass over the UTF-8 bytes, straight into the
/// records. Every method returns false as soon as the input leaves the canonical form, and the caller then takes the full
/// path; so whatever this reader accepts reads to the record that expansion and compaction with the DSP context give.
/// </summary>
/// <remarks>
/// Canonical means: the top-level object has <c>"@context": [DSP context]</c> and the expected <c>@type</c>; nested objects
/// have no <c>@context</c>; every member is a term the active (type-scoped) DSP context defines, given once, with the
/// shape compaction writes (arrays for <c>@set</c> terms, a single value otherwise, no nulls); node types that bring their
/// own scoped context (Catalog, Dataset, Distribution, DataService, DataAddress, EndpointProperty) carry that @type; and
/// identifiers compaction would rewrite (a DSP, ODRL, DCAT, DCT or XSD prefix or namespace) are absent.
/// </remarks>
internal ref partial struct CanonicalReader
{
    // As deep as the source-generated serializer reads; deeper documents go to the full path and its own limits.
    private const int MaxDepth = 64;

    private Utf8JsonReader _json;

    private CanonicalReader(ReadOnlySpan<byte> utf8Json) =>
        _json = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });

    /// <summary>Reads a whole document as a <typeparamref name="T"/>; false when it is not in canonical form (or not JSON at all).</summary>
    public static bool TryRead<T>(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out T? message)
        where T : class, IDspMessage
    {
        message = null;
        var reader = new CanonicalReader(utf8Json);
        try
        {
            if (!reader._json.Read() || reader._json.TokenType != JsonTokenType.StartObject || !reader.ReadMessage(out message))
            {
                message = null;
                return false;
            }

            // Anything after the top-level object (other than white space) is invalid JSON, and the reader throws on it.
            if (reader._json.Read())
            {
                message = null;
                return false;
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Invalid JSON or UTF-8: the full path reports it with its JSON-LD error code.
            message = null;
            return false;
        }
    }

    private bool ReadMessage<T>([NotNullWhen(true)] out T? message)
        where T : class, IDspMessage
    {
        object? read = null;
        var ok = typeof(T) switch
        {
            var t when t == typeof(ContractRequestMessage) => Read(ReadContractRequest(out var m), m, out read),
            var t when t == typeof(ContractOfferMessage) => Read(ReadContractOffer(out var m), m, out read),
            var t when t == typeof(ContractAgreementMessage) => Read(ReadContractAgreement(out var m), m, out read),
            var t when t == typeof(ContractAgreementVerificationMessage) => Read(ReadContractAgreementVerification(out var m), m, out read),
            var t when t == typeof(ContractNegotiationEventMessage) => Read(ReadContractNegotiationEvent(out var m), m, out read),
            var t when t == typeof(ContractNegotiationTerminationMessage) => Read(ReadContractNegotiationTermination(out var m), m, out read),
            var t when t == typeof(ContractNegotiation) => Read(ReadContractNegotiation(out var m), m, out read),
            var t when t == typeof(ContractNegotiationError) => Read(ReadContractNegotiationError(out var m), m, out read),
            var t when t == typeof(TransferRequestMessage) => Read(ReadTransferRequest(out var m), m, out read),
            var t when t == typeof(TransferStartMessage) => Read(ReadTransferStart(out var m), m, out read),
            var t when t == typeof(TransferCompletionMessage) => Read(ReadTransferCompletion(out var m), m, out read),
            var t when t == typeof(TransferSuspensionMessage) => Read(ReadTransferSuspension(out var m), m, out read),
            var t when t == typeof(TransferTerminationMessage) => Read(ReadTransferTermination(out var m), m, out read),
            var t when t == typeof(TransferProcess) => Read(ReadTransferProcess(out var m), m, out read),
            var t when t == typeof(TransferError) => Read(ReadTransferError(out var m), m, out read),
            var t when t == typeof(CatalogRequestMessage) => Read(ReadCatalogRequest(out var m), m, out read),
            var t when t == typeof(DatasetRequestMessage) => Read(ReadDatasetRequest(out var m), m, out read),
            var t when t == typeof(CatalogError) => Read(ReadCatalogError(out var m), m, out read),
            var t when t == typeof(Catalog) => Read(ReadCatalog(topLevel: true, out var m), m, out read),
            var t when t == typeof(Dataset) => Read(ReadDataset(topLevel: true, out var m), m, out read),
            var t when t == typeof(Distribution) => Read(ReadDistribution(topLevel: true, out var m), m, out read),
            var t when t == typeof(DataService) => Read(ReadDataService(topLevel: true, out var m), m, out read),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a DSP message type known to the serializer."),
        };
        message = read as T;
        return ok && message is not null;
    }

    private static bool Read(bool ok, object? value, out object? read)
    {
        read = value;
        return ok;
    }

    /// <summary>Moves to the next member name of the current object; false at its end.</summary>
    private bool NextMember()
    {
        _json.Read();
        return _json.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Reads <c>@context</c> (only at the top level, exactly the DSP context in an array) or <c>@type</c> (exactly <paramref name="type"/>).</summary>
    private bool ReadHeader(Term term, ref Header header, ReadOnlySpan<byte> type, bool topLevel)
    {
        if (term == Term.Type)
        {
            if (header.HasType)
            {
                return false;
            }

            header.HasType = true;
            return _json.Read() && _json.TokenType == JsonTokenType.String && _json.ValueTextEquals(type);
        }

        if (term == Term.Context && topLevel)
        {
            if (header.HasContext)
            {
                return false;
            }

            header.HasContext = true;
            return _json.Read() && _json.TokenType == JsonTokenType.StartArray
                && _json.Read() && _json.TokenType == JsonTokenType.String && _json.ValueTextEquals(DspContextUrl)
                && _json.Read() && _json.TokenType == JsonTokenType.EndArray;
        }

        return false;
    }

    /// <summary>Reads a string member the context leaves a plain literal: compaction writes it back unchanged.</summary>
    private bool ReadLiteral(ref string? value)
    {
        if (value is not null || !_json.Read() || _json.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = _json.GetString();
        return value is not null;
    }

    /// <summary>Reads an identifier (<c>@id</c>, <c>@type</c>, or a term typed <c>@id</c> or <c>@vocab</c>) that compaction writes back unchanged.</summary>
    private bool ReadIdentifier(ref string? value)
    {
        if (value is not null || !_json.Read() || _json.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = (_json.ValueIsEscaped ? null : CanonicalValues.Known(_json.ValueSpan)) ?? _json.GetString();
        return value is not null && CanonicalValues.IsKeptIdentifier(value);
    }

    /// <summary>Reads a scalar held as a <see cref="JsonNode"/> the way the record's converter does (strings, booleans, integers as long, other numbers as decimal).</summary>
    private bool ReadScalarNode(out JsonNode? value)
    {
        value = null;
        switch (_json.TokenType)
        {
            case JsonTokenType.String:
                value = JsonValue.Create(_json.GetString());
                return true;
            case JsonTokenType.True:
                value = JsonValue.Create(true);
                return true;
            case JsonTokenType.False:
                value = JsonValue.Create(false);
                return true;
            case JsonTokenType.Number when _json.TryGetInt64(out var integer):
                value = JsonValue.Create(integer);
                return true;
            case JsonTokenType.Number when _json.TryGetDecimal(out var number):
                value = JsonValue.Create(number);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads an identifier member held as a JSON string node (an action, a data service reference).</summary>
    private bool ReadIdentifierNode(ref JsonNode? value)
    {
        string? text = null;
        if (value is not null || !ReadIdentifier(ref text))
        {
            return false;
        }

        value = JsonValue.Create(text);
        return true;
    }

    /// <summary>Reads an <c>@set</c> of plain values (reasons, filters): strings, numbers or booleans, as the default converter holds them.</summary>
    private bool ReadLiteralSet(ref IReadOnlyList<JsonNode>? values)
    {
        if (values is not null || !_json.Read() || _json.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<JsonNode>();
        while (_json.Read() && _json.TokenType != JsonTokenType.EndArray)
        {
            switch (_json.TokenType)
            {
                case JsonTokenType.String:
                    list.Add(JsonValue.Create(_json.GetString()!));
                    break;
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    // The number keeps its text, as the record's converter keeps it.
                    list.Add(JsonValue.Create(JsonElement.ParseValue(ref _json))!);
                    break;
                default:
                    return false;
            }
        }

        values = list;
        return true;
    }

    /// <summary>
    /// Reads a DCAT metadata member (a <c>dct:</c> or <c>dcat:</c> term the DSP context does not map) with the value
    /// compaction writes for it: a scalar, or an array of two or more scalars (one would be unwrapped).
    /// </summary>
    private bool ReadMetadata(ref Dictionary<string, JsonElement>? extensions)
    {
        var key = _json.GetString()!;
        if (!CanonicalValues.IsMetadataKey(key))
        {
            return false;
        }

        extensions ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (extensions.ContainsKey(key) || !_json.Read())
        {
            return false;
        }

        var value = JsonElement.ParseValue(ref _json);
        if (!CanonicalValues.IsMetadataValue(value))
        {
            return false;
        }

        extensions.Add(key, value);
        return true;
    }

    /// <summary>Reads an <c>@set</c> of objects, each read by <paramref name="readItem"/>, into <paramref name="items"/> (which must still be unset).</summary>
    private bool ReadSet<TItem>(ref IReadOnlyList<TItem>? items, ItemReader<TItem> readItem, int minimumCount = 0)
        where TItem : class
    {
        if (items is not null || !_json.Read() || _json.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        // Most sets hold one item: that one goes into an array of its own, without a list around it.
        if (!_json.Read())
        {
            return false;
        }

        if (_json.TokenType == JsonTokenType.EndArray)
        {
            items = [];
            return minimumCount == 0;
        }

        if (_json.TokenType != JsonTokenType.StartObject || !readItem(ref this, out var first) || !_json.Read())
        {
            return false;
        }

        if (_json.TokenType == JsonTokenType.EndArray)
        {
            items = [first!];
            return minimumCount <= 1;
        }

        var list = new List<TItem> { first! };
        do
        {
            if (_json.TokenType != JsonTokenType.StartObject || !readItem(ref this, out var item))
            {
                return false;
            }

            list.Add(item!);
        }
        while (_json.Read() && _json.TokenType != JsonTokenType.EndArray);

        items = list;
        return list.Count >= minimumCount;
    }

    /// <summary>Reads one object member (the reader is on its name) with <paramref name="readItem"/>, into <paramref name="item"/> (which must still be unset).</summary>
    private bool ReadObject<TItem>(ref TItem? item, ItemReader<TItem> readItem)
        where TItem : class
    {
        if (item is not null || !_json.Read() || _json.TokenType != JsonTokenType.StartObject || !readItem(ref this, out var read))
        {
            return false;
        }

        item = read;
        return true;
    }

    private static ReadOnlySpan<byte> DspContextUrl => "https://w3id.org/dspace/2025/1/context.jsonld"u8;

    private delegate bool ItemReader<TItem>(ref CanonicalReader reader, out TItem? item);

    /// <summary>Which of <c>@context</c> and <c>@type</c> an object has given.</summary>
    private struct Header
    {
        public bool HasContext;
        public bool HasType;

        public readonly bool Complete(bool topLevel) => HasType && (HasContext || !topLevel);
    }
}
