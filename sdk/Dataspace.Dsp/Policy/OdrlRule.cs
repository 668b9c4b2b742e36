using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>An ODRL permission, prohibition or duty.</summary>
public sealed record OdrlRule
{
    /// <summary>The JSON-LD @type, when given.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string? Type { get; init; }

    /// <summary>The action: a string, or an object with a refinement.</summary>
    [JsonConverter(typeof(Internal.ScalarJsonNodeConverter))]
    public JsonNode? Action { get; init; }

    /// <summary>The asset, when it differs from the policy's.</summary>
    public string? Target { get; init; }

    /// <summary>The party granting the rule.</summary>
    public string? Assigner { get; init; }

    /// <summary>The party bound by the rule.</summary>
    public string? Assignee { get; init; }

    /// <summary>Constraints, all of which must hold.</summary>
    public IReadOnlyList<OdrlConstraint>? Constraint { get; init; }

    /// <summary>Duties attached to a permission.</summary>
    public IReadOnlyList<OdrlRule>? Duty { get; init; }

    /// <summary>Other properties (e.g. DCAT metadata such as dct:title), in compact JSON-LD form.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
