using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>An error answer of the catalog protocol.</summary>
public sealed record CatalogError : IDspMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "CatalogError";

    /// <summary>The JSON-LD context; the DSP 2025-1 context by default.</summary>
    [JsonPropertyName("@context")]
    [JsonPropertyOrder(-3)]
    public IReadOnlyList<string> Context { get; init; } = DspContext.Default;

    /// <summary>The JSON-LD @type.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = TypeName;

    /// <summary>An error or termination code.</summary>
    public string? Code { get; init; }

    /// <summary>Human-readable reasons (strings or objects).</summary>
    public IReadOnlyList<JsonNode>? Reason { get; init; }
}
