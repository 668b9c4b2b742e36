using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.JsonLd;

/// <summary>Parses JSON documents for the processor, within the size and depth limits of <see cref="JsonLdOptions"/>.</summary>
public static class JsonLdDocument
{
    /// <summary>Parses a UTF-8 JSON document; invalid JSON, or JSON over the limits, fails with a <see cref="JsonLdException"/>.</summary>
    public static async Task<JsonNode> ParseAsync(Stream utf8Json, JsonLdOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        options ??= new JsonLdOptions();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await utf8Json.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxDocumentBytes)
            {
                throw new JsonLdException(JsonLdErrorCode.MaxSizeExceeded, $"The document is larger than the limit of {options.MaxDocumentBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
    }

    /// <summary>Parses a UTF-8 JSON document held in memory.</summary>
    public static JsonNode Parse(ReadOnlySpan<byte> utf8Json, JsonLdOptions? options = null)
    {
        options ??= new JsonLdOptions();
        if (utf8Json.Length > options.MaxDocumentBytes)
        {
            throw new JsonLdException(JsonLdErrorCode.MaxSizeExceeded, $"The document has {utf8Json.Length} bytes, more than the limit of {options.MaxDocumentBytes}.");
        }

        try
        {
            return JsonNode.Parse(utf8Json, documentOptions: new JsonDocumentOptions { MaxDepth = options.MaxDepth })
                ?? throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, "The document is JSON null; a JSON-LD document is a map or an array.");
        }
        catch (JsonException ex) when (ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new JsonLdException(JsonLdErrorCode.MaxDepthExceeded, $"The document nests deeper than the limit of {options.MaxDepth} levels.", ex);
        }
        catch (JsonException ex)
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"The document is not valid JSON: {ex.Message}", ex);
        }
    }
}
