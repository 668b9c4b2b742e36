using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A data plane endpoint and the properties needed to use it.</summary>
public sealed record DataAddress
{
    /// <summary>The JSON-LD @type, when given.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string? Type { get; init; }

    /// <summary>The kind of endpoint, an IRI.</summary>
    public required string EndpointType { get; init; }

    /// <summary>The endpoint URL.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Properties such as authorization tokens.</summary>
    public IReadOnlyList<EndpointProperty>? EndpointProperties { get; init; }
}
