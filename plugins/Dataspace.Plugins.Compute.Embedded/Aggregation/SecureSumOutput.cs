using System.Text.Json.Serialization;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>The aggregator's output of <c>agg/secure_sum:1</c>.</summary>
/// <param name="Columns">The columns summed.</param>
/// <param name="Sums">Per column, the sum over every row of the surviving clients (fixed point decoded).</param>
/// <param name="Count">The rows those clients hold.</param>
/// <param name="Clients">How many clients the sum covers.</param>
internal sealed record SecureSumOutput(
    [property: JsonPropertyName("columns")] string[] Columns,
    [property: JsonPropertyName("sums")] double[] Sums,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("clients")] int Clients);

[JsonSerializable(typeof(SecureSumOutput))]
internal sealed partial class SecureSumJson : JsonSerializerContext;
