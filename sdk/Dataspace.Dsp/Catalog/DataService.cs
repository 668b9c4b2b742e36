using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A DCAT data service, such as a connector endpoint.</summary>
public sealed record DataService : IDspMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "DataService";

    /// <summary>The JSON-LD context; the DSP 2025-1 context by default.</summary>
    [JsonPropertyName("@context")]
    [JsonPropertyOrder(-3)]
    public IReadOnlyList<string> Context { get; init; } = DspContext.Default;

    /// <summary>The id (opaque).</summary>
    [JsonPropertyName("@id")]
    [JsonPropertyOrder(-2)]
    public string? Id { get; init; }

    /// <summary>The JSON-LD @type.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = TypeName;

    /// <summary>The endpoint URL.</summary>
    [JsonPropertyName("endpointURL")]
    public string? EndpointURL { get; init; }

    /// <summary>A description of the endpoint.</summary>
    public string? EndpointDescription { get; init; }

    /// <summary>Other properties (e.g. DCAT metadata such as dct:title), in compact JSON-LD form.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
