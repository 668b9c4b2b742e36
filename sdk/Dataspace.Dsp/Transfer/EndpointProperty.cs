using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A name-value property of a data address.</summary>
public sealed record EndpointProperty
{
    /// <summary>The JSON-LD @type, when given.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string? Type { get; init; }

    /// <summary>The property name.</summary>
    public required string Name { get; init; }

    /// <summary>The property value.</summary>
    public required string Value { get; init; }
}
