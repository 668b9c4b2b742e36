using System.Text.Json.Nodes;
using Dataspace.JsonLd.Loading;

namespace Dataspace.JsonLd;

/// <summary>Options of the JSON-LD processor: base IRI, processing mode, document loader and limits against hostile input.</summary>
public sealed class JsonLdOptions
{
    /// <summary>The json-ld-1.0 processing mode.</summary>
    public const string JsonLd10 = "json-ld-1.0";

    /// <summary>The json-ld-1.1 processing mode (the default).</summary>
    public const string JsonLd11 = "json-ld-1.1";

    /// <summary>The base IRI against which relative IRIs of the document are resolved; null leaves them relative.</summary>
    public Uri? Base { get; init; }

    /// <summary>"json-ld-1.1" (default) or "json-ld-1.0".</summary>
    public string ProcessingMode { get; init; } = JsonLd11;

    /// <summary>Loads remote contexts; the default serves the embedded contexts only and never uses the network.</summary>
    public IJsonLdDocumentLoader DocumentLoader { get; init; } = JsonLdDocumentLoader.Default;

    /// <summary>A context applied before the document's own context during expansion.</summary>
    public JsonNode? ExpandContext { get; init; }

    /// <summary>Compaction: replace arrays of one item by the item (default true).</summary>
    public bool CompactArrays { get; init; } = true;

    /// <summary>Compaction: make IRIs relative to the base IRI (default true).</summary>
    public bool CompactToRelative { get; init; } = true;

    /// <summary>Process entries in lexicographic order of keys (default false).</summary>
    public bool Ordered { get; init; }

    /// <summary>Deepest nesting of arrays and maps accepted in a document (default 128).</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Most remote contexts one context may pull in, directly or through others (default 32).</summary>
    public int MaxRemoteContexts { get; init; } = 32;

    /// <summary>Largest document <see cref="JsonLdDocument"/> parses, in bytes (default 16 MiB).</summary>
    public long MaxDocumentBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most JSON values (maps, arrays, scalars) an expansion may visit (default 2,000,000).</summary>
    public int MaxNodes { get; init; } = 2_000_000;
}
