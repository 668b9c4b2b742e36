using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>An ODRL constraint, or a logical constraint over others.</summary>
public sealed record OdrlConstraint
{
    /// <summary>The JSON-LD @type, when given.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string? Type { get; init; }

    /// <summary>The left operand, e.g. dateTime or purpose.</summary>
    public string? LeftOperand { get; init; }

    /// <summary>The operator, e.g. eq or lteq.</summary>
    public string? Operator { get; init; }

    /// <summary>The right operand: a value, an object or an array.</summary>
    [JsonConverter(typeof(Internal.ScalarJsonNodeConverter))]
    public JsonNode? RightOperand { get; init; }

    /// <summary>All of these hold.</summary>
    public IReadOnlyList<OdrlConstraint>? And { get; init; }

    /// <summary>At least one of these holds.</summary>
    public IReadOnlyList<OdrlConstraint>? Or { get; init; }

    /// <summary>Exactly one of these holds.</summary>
    public IReadOnlyList<OdrlConstraint>? Xone { get; init; }

    /// <summary>All of these hold, in order.</summary>
    public IReadOnlyList<OdrlConstraint>? AndSequence { get; init; }

    /// <summary>Other properties (e.g. DCAT metadata such as dct:title), in compact JSON-LD form.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
