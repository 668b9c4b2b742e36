using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>A consumer's request to start a transfer under an agreement.</summary>
public sealed record TransferRequestMessage : IDspProcessMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "TransferRequestMessage";

    /// <summary>The JSON-LD context; the DSP 2025-1 context by default.</summary>
    [JsonPropertyName("@context")]
    [JsonPropertyOrder(-3)]
    public IReadOnlyList<string> Context { get; init; } = DspContext.Default;

    /// <summary>The JSON-LD @type.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = TypeName;

    /// <summary>The consumer's process id (opaque).</summary>
    public required string ConsumerPid { get; init; }

    // The provider has no process id yet when the consumer asks; not part of the message's JSON.
    string? IDspProcessMessage.ProviderPid => null;

    /// <summary>The agreement (opaque id).</summary>
    public required string AgreementId { get; init; }

    /// <summary>The transfer format, e.g. HttpData-PULL.</summary>
    public required string Format { get; init; }

    /// <summary>Where to push the data (push transfers).</summary>
    public DataAddress? DataAddress { get; init; }

    /// <summary>Where the peer sends its answers.</summary>
    public string? CallbackAddress { get; init; }
}
