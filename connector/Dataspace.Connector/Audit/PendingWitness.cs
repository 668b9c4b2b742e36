using System.Text.Json.Serialization;

namespace Dataspace.Connector.Audit;

/// <summary>An agreement whose checkpoint the counter-party has yet to co-sign: kept until it has, or until the attempts run out.</summary>
internal sealed record PendingWitness
{
    [JsonPropertyName("agreementId")]
    public required string AgreementId { get; init; }

    /// <summary>The agreement's entry in our log.</summary>
    [JsonPropertyName("entryIndex")]
    public required long EntryIndex { get; init; }

    [JsonPropertyName("counterParty")]
    public required string CounterParty { get; init; }

    /// <summary>The counter-party's DSP base URL.</summary>
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    /// <summary>The size of the checkpoint the witness last told us it co-signed (0 until it has).</summary>
    [JsonPropertyName("witnessSize")]
    public long WitnessSize { get; init; }

    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    [JsonPropertyName("notBefore")]
    public DateTimeOffset NotBefore { get; init; }

    [JsonPropertyName("lastError")]
    public string? LastError { get; init; }
}
