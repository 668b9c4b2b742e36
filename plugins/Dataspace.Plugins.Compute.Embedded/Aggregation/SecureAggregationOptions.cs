using System.Text;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>The parameters every party of one secure aggregation agrees on (from the task's attributes).</summary>
/// <param name="JobId">The job, bound into every derived key so messages cannot be replayed into another job.</param>
/// <param name="TaskId">The task, bound likewise.</param>
/// <param name="Topic">Topic prefix of this aggregation (one per round of a multi-round component).</param>
/// <param name="Clients">The clients' participant ids in task order; a client's Shamir x-coordinate is its position + 1.</param>
/// <param name="VectorLength">Elements of every client's vector.</param>
/// <param name="Threshold">Shares needed to recover a mask seed; also the least clients that must survive every round.</param>
/// <param name="MinSurvivors">The least clients whose vectors the sum may cover (MinGroupSize, at least the threshold).</param>
/// <param name="RoundTimeout">How long the aggregator waits for a round's messages before treating silent clients as dropped.</param>
internal sealed record SecureAggregationOptions(
    string JobId,
    string TaskId,
    string Topic,
    IReadOnlyList<string> Clients,
    int VectorLength,
    int Threshold,
    int MinSurvivors,
    TimeSpan RoundTimeout)
{
    /// <summary>Bytes bound into every key derivation and authenticated as associated data.</summary>
    public byte[] Binding() => Encoding.UTF8.GetBytes($"dataspace/agg/secure_sum:1\n{JobId}\n{TaskId}\n{Topic}\n{VectorLength}");

    /// <summary>Checks the parameters themselves; throws with what is wrong.</summary>
    public void Validate()
    {
        if (Clients.Count < 1) throw new SecureAggregationException("Secure aggregation needs at least one client.");
        if (Clients.Count > ushort.MaxValue - 1) throw new SecureAggregationException($"Secure aggregation supports at most {ushort.MaxValue - 1} clients.");
        if (Clients.Distinct(StringComparer.Ordinal).Count() != Clients.Count) throw new SecureAggregationException("A client is listed twice.");
        if (Threshold < 1 || Threshold > Clients.Count) throw new SecureAggregationException($"The threshold must be between 1 and the {Clients.Count} clients, not {Threshold}.");
        if (VectorLength < 1) throw new SecureAggregationException("The vector length must be at least 1.");
        if (RoundTimeout <= TimeSpan.Zero) throw new SecureAggregationException("The round timeout must be positive.");
    }

    public string TopicOf(string step) => $"{Topic}/{step}";
}
