using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A negotiation event (ACCEPTED or FINALIZED).</summary>
public sealed record ContractNegotiationEventMessage : IDspProcessMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "ContractNegotiationEventMessage";

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

    /// <summary>ACCEPTED or FINALIZED.</summary>
    public required string EventType { get; init; }
}
