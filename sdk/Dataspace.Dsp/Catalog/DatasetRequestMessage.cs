using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A request for one dataset of a catalog.</summary>
public sealed record DatasetRequestMessage : IDspMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "DatasetRequestMessage";

    /// <summary>The JSON-LD context; the DSP 2025-1 context by default.</summary>
    [JsonPropertyName("@context")]
    [JsonPropertyOrder(-3)]
    public IReadOnlyList<string> Context { get; init; } = DspContext.Default;

    /// <summary>The JSON-LD @type.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = TypeName;

    /// <summary>The dataset id (opaque).</summary>
    public required string Dataset { get; init; }
}
