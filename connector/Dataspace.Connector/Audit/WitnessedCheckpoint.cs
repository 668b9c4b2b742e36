using System.Text.Json.Serialization;

namespace Dataspace.Connector.Audit;

/// <summary>The last checkpoint this connector co-signed for a peer's log: the size and root every later one must extend.</summary>
internal sealed record WitnessedCheckpoint
{
    [JsonPropertyName("peer")]
    public required string Peer { get; init; }

    [JsonPropertyName("origin")]
    public required string Origin { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>The root hash, base64.</summary>
    [JsonPropertyName("root")]
    public required string Root { get; init; }

    [JsonPropertyName("hash")]
    public required string Hash { get; init; }

    [JsonPropertyName("note")]
    public required string Note { get; init; }

    [JsonPropertyName("witnessedAt")]
    public required DateTimeOffset WitnessedAt { get; init; }
}
