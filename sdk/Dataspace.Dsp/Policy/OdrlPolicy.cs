using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>An ODRL policy: an offer, agreement or set, in the DSP 2025-1 profile.</summary>
public sealed record OdrlPolicy
{
    /// <summary>The id (opaque).</summary>
    [JsonPropertyName("@id")]
    [JsonPropertyOrder(-2)]
    public string? Id { get; init; }

    /// <summary>The JSON-LD @type, when given.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string? Type { get; init; }

    /// <summary>The asset the policy is about.</summary>
    public string? Target { get; init; }

    /// <summary>The party granting the rights.</summary>
    public string? Assigner { get; init; }

    /// <summary>The party receiving the rights.</summary>
    public string? Assignee { get; init; }

    /// <summary>The ODRL profile(s): a string or an array of strings.</summary>
    [JsonConverter(typeof(Internal.ScalarJsonNodeConverter))]
    public JsonNode? Profile { get; init; }

    /// <summary>When an agreement was made.</summary>
    public string? Timestamp { get; init; }

    /// <summary>Permissions.</summary>
    public IReadOnlyList<OdrlRule>? Permission { get; init; }

    /// <summary>Prohibitions.</summary>
    public IReadOnlyList<OdrlRule>? Prohibition { get; init; }

    /// <summary>Obligations (duties).</summary>
    public IReadOnlyList<OdrlRule>? Obligation { get; init; }

    /// <summary>Other properties (e.g. DCAT metadata such as dct:title), in compact JSON-LD form.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
