using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A DCAT dataset with its offers and distributions.</summary>
public sealed record Dataset : IDspMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "Dataset";

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

    /// <summary>The offers under which the dataset can be obtained.</summary>
    public IReadOnlyList<OdrlPolicy>? HasPolicy { get; init; }

    /// <summary>The ways to obtain it.</summary>
    public IReadOnlyList<Distribution>? Distribution { get; init; }

    /// <summary>Other properties (e.g. DCAT metadata such as dct:title), in compact JSON-LD form.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
