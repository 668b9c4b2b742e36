using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A name-value property of a data address.</summary>
public sealed record EndpointProperty
{
    /// <summary>The JSON-LD @type; "EndpointProperty" by default, which DSP 2025-1 requires (its terms come from that type's context).</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string? Type { get; init; } = "EndpointProperty";

    /// <summary>The property name.</summary>
    public required string Name { get; init; }

    /// <summary>The property value.</summary>
    public required string Value { get; init; }
}
