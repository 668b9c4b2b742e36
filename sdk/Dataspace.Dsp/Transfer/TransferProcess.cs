using System.Text.Json.Serialization;

namespace Dataspace.Dsp;

/// <summary>The state of a transfer process.</summary>
public sealed record TransferProcess : IDspProcessMessage
{
    /// <summary>The DSP @type of this message.</summary>
    public static string TypeName => "TransferProcess";

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

    /// <summary>REQUESTED, STARTED, SUSPENDED, COMPLETED or TERMINATED.</summary>
    public required string State { get; init; }
}
