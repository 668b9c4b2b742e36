using System.Text.Json.Serialization;

namespace Dataspace.Connector.Audit;

/// <summary>
/// A connector asking the counter-party of an agreement to co-sign its checkpoint (POST <c>{dsp}/audit/witness</c>):
/// the signed note, the agreement's entry with its inclusion proof against the checkpoint, and a consistency proof
/// from the size the witness saw last (<see cref="OldSize"/>, 0 the first time).
/// </summary>
internal sealed record WitnessRequest
{
    [JsonPropertyName("agreementId")]
    public string? AgreementId { get; init; }

    /// <summary>The C2SP signed note (checkpoint body, blank line, signature lines).</summary>
    [JsonPropertyName("checkpoint")]
    public string? Checkpoint { get; init; }

    /// <summary>The tree hash the log uses (<c>sha256</c> or <c>sm3</c>).</summary>
    [JsonPropertyName("hash")]
    public string? Hash { get; init; }

    /// <summary>The index of the agreement's entry in the log.</summary>
    [JsonPropertyName("entryIndex")]
    public long EntryIndex { get; init; }

    /// <summary>The entry's leaf data (the bytes the log hashed), base64.</summary>
    [JsonPropertyName("entry")]
    public string? Entry { get; init; }

    /// <summary>The entry's inclusion proof against the checkpoint, base64 hashes.</summary>
    [JsonPropertyName("inclusionProof")]
    public IReadOnlyList<string>? InclusionProof { get; init; }

    /// <summary>The size of the checkpoint the sender believes the witness saw last from this origin.</summary>
    [JsonPropertyName("oldSize")]
    public long OldSize { get; init; }

    /// <summary>The consistency proof from <see cref="OldSize"/> to the checkpoint's size, base64 hashes (empty from 0).</summary>
    [JsonPropertyName("consistencyProof")]
    public IReadOnlyList<string>? ConsistencyProof { get; init; }
}

/// <summary>The witness's answer: its cosignature line on success; on a refusal the reason and, for a stale old size, the size it knows.</summary>
internal sealed record WitnessResponse
{
    [JsonPropertyName("cosignature")]
    public string? Cosignature { get; init; }

    /// <summary>The witness's DID verification method that signed (the cosignature's key name).</summary>
    [JsonPropertyName("witness")]
    public string? Witness { get; init; }

    /// <summary>On 409: the size of the checkpoint the witness saw last from this origin.</summary>
    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}

/// <summary>The JSON contract of the witness messages (source generated: the endpoint reads peer input).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WitnessRequest))]
[JsonSerializable(typeof(WitnessResponse))]
[JsonSerializable(typeof(WitnessedCheckpoint))]
[JsonSerializable(typeof(PendingWitness))]
internal sealed partial class WitnessJson : JsonSerializerContext;
