using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A DCAT catalog of datasets and the services that serve them.</summary>
public sealed record Catalog : IDspMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "Catalog";

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

    /// <summary>The provider's participant id.</summary>
    public string? ParticipantId { get; init; }

    /// <summary>The data services.</summary>
    public IReadOnlyList<DataService>? Service { get; init; }

    /// <summary>The datasets offered.</summary>
    public IReadOnlyList<Dataset>? Dataset { get; init; }

    /// <summary>Nested catalogs.</summary>
    [JsonPropertyName("catalog")]
    public IReadOnlyList<Catalog>? Catalogs { get; init; }

    /// <summary>Distributions of the catalog itself.</summary>
    public IReadOnlyList<Distribution>? Distribution { get; init; }

    /// <summary>Offers for the catalog itself.</summary>
    public IReadOnlyList<OdrlPolicy>? HasPolicy { get; init; }

    /// <summary>Other properties (e.g. DCAT metadata such as dct:title), in compact JSON-LD form.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
