using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A data plane endpoint and the properties needed to use it.</summary>
public sealed record DataAddress
{
    /// <summary>The JSON-LD @type; "DataAddress" by default, which DSP 2025-1 requires (its terms come from that type's context).</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string? Type { get; init; } = "DataAddress";

    /// <summary>The kind of endpoint, an IRI.</summary>
    public required string EndpointType { get; init; }

    /// <summary>The endpoint URL.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Properties such as authorization tokens.</summary>
    public IReadOnlyList<EndpointProperty>? EndpointProperties { get; init; }
}
