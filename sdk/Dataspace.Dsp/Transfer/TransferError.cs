using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>An error answer of the transfer protocol.</summary>
public sealed record TransferError : IDspProcessMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "TransferError";

    /// <summary>The JSON-LD context; the DSP 2025-1 context by default.</summary>
    [JsonPropertyName("@context")]
    [JsonPropertyOrder(-3)]
    public IReadOnlyList<string> Context { get; init; } = DspContext.Default;

    /// <summary>The JSON-LD @type.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = TypeName;

    /// <summary>The provider's process id (opaque).</summary>
    public required string ProviderPid { get; init; }

    /// <summary>The consumer's process id (opaque).</summary>
    public required string ConsumerPid { get; init; }

    /// <summary>An error or termination code.</summary>
    public string? Code { get; init; }

    /// <summary>Human-readable reasons (strings or objects).</summary>
    public IReadOnlyList<JsonNode>? Reason { get; init; }
}
