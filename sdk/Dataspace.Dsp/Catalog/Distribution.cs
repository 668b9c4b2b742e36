using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A DCAT distribution: a format and the service that serves it.</summary>
public sealed record Distribution : IDspMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "Distribution";

    /// <summary>The JSON-LD context; the DSP 2025-1 context by default.</summary>
    [JsonPropertyName("@context")]
    [JsonPropertyOrder(-3)]
    public IReadOnlyList<string> Context { get; init; } = DspContext.Default;

    /// <summary>The JSON-LD @type.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = TypeName;

    /// <summary>The transfer format, e.g. HttpData-PULL.</summary>
    public string? Format { get; init; }

    /// <summary>The data service: its id as a string, or a data service object.</summary>
    [JsonConverter(typeof(Internal.ScalarJsonNodeConverter))]
    public JsonNode? AccessService { get; init; }

    /// <summary>Other properties (e.g. DCAT metadata such as dct:title), in compact JSON-LD form.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
