using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A provider's offer, or its counter-offer.</summary>
public sealed record ContractOfferMessage : IDspProcessMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "ContractOfferMessage";

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

    /// <summary>The consumer's process id (opaque); absent on the first message.</summary>
    public string? ConsumerPid { get; init; }

    /// <summary>The offer made.</summary>
    public required OdrlPolicy Offer { get; init; }

    /// <summary>Where the peer sends its answers.</summary>
    public string? CallbackAddress { get; init; }
}
