using System.Numerics;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>
/// <c>agg/secure_sum:1</c>: the column sums and row counts of three or more data holders (<c>client</c>s), summed
/// under pairwise masks so the <c>aggregator</c> learns only the total over the clients that survive to the end.
/// </summary>
/// <remarks>See docs/compute/secure-sum.md for the protocol, attributes, messages and what each party learns.</remarks>
public sealed class SecureSumComponent : IComputeComponent
{
    /// <summary>The role of a data holder.</summary>
    public const string ClientRole = "client";

    /// <summary>The role of the receiver of the sum.</summary>
    public const string AggregatorRole = "aggregator";

    /// <inheritdoc/>
    public string Name => ComputeComponents.SecureSum;

    /// <inheritdoc/>
    public ComponentDescriptor Descriptor { get; } = new(
        [ClientRole, AggregatorRole],
        [
            new ComponentParameter("columns", "string[]", Required: true),
            new ComponentParameter("modulus_bits", "integer", Default: JsonSerializer.SerializeToElement(64)),
            new ComponentParameter("fractional_bits", "integer", Default: JsonSerializer.SerializeToElement(16)),
            new ComponentParameter("threshold", "integer"),
            new ComponentParameter("min_clients", "integer", Default: JsonSerializer.SerializeToElement(3)),
            new ComponentParameter("round_timeout_seconds", "number", Default: JsonSerializer.SerializeToElement(60)),
        ],
        [ReleaseKinds.Aggregate],
        MinParties: 4,
        MaxParties: 1001);

    /// <inheritdoc/>
    public async Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Settings settings;
        try
        {
            settings = Settings.From(context);
        }
        catch (ArgumentException e)
        {
            return ComponentResult.Failure(e.Message);
        }
        return settings.ModulusBits == 32
            ? await RunAsync<uint>(context, settings, cancellationToken).ConfigureAwait(false)
            : await RunAsync<ulong>(context, settings, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ComponentResult> RunAsync<T>(ComponentContext context, Settings settings, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryInteger<T>
    {
        try
        {
            if (context.Role == AggregatorRole)
            {
                var result = await SecureAggregationServer<T>.RunAsync(context.Channel, settings.Options, context.Time, context.Progress, cancellationToken).ConfigureAwait(false);
                var sums = new double[settings.Columns.Count];
                for (var i = 0; i < sums.Length; i++) sums[i] = FixedPoint.Decode(result.Sum[i], settings.FractionalBits);
                var count = FixedPoint.ToSigned(result.Sum[^1]);
                var value = JsonSerializer.SerializeToElement(new SecureSumOutput([.. settings.Columns], sums, count, result.Survivors.Count), SecureSumJson.Default.SecureSumOutput);
                await context.Outputs.WriteValueAsync("sum", ReleaseKinds.Aggregate, value, cancellationToken).ConfigureAwait(false);
                return ComponentResult.Success(0, new Dictionary<string, double> { ["clients"] = result.Survivors.Count, ["rows"] = count });
            }

            var (vector, rows) = await ReadVectorAsync<T>(context, settings, cancellationToken).ConfigureAwait(false);
            await SecureAggregationClient<T>.RunAsync(context.Channel, settings.Aggregator, context.Self, settings.Options, vector, cancellationToken).ConfigureAwait(false);
            return ComponentResult.Success(rows);
        }
        catch (SecureAggregationException e)
        {
            return ComponentResult.Failure(e.Message);
        }
        catch (ArgumentException e)
        {
            return ComponentResult.Failure(e.Message);
        }
        catch (ComputeChannelClosedException e)
        {
            return ComponentResult.Failure($"A party left the secure sum: {e.Message}");
        }
    }

    /// <summary>The client's vector: one fixed-point sum per column, then the row count.</summary>
    private static async Task<(T[] Vector, long Rows)> ReadVectorAsync<T>(ComponentContext context, Settings settings, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!context.Inputs.TryGetValue("input", out var input) && context.Inputs.Count != 1)
            throw new ArgumentException("A client needs one input named 'input'.");
        input ??= context.Inputs.Values.First();
        var indices = settings.Columns.Select(c => ComponentAttributes.ColumnIndex(input.Columns, c)).ToArray();
        var vector = new T[settings.Columns.Count + 1];
        long rows = 0;
        await foreach (var batch in input.ReadBatchesAsync(4096, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in batch)
            {
                rows++;
                for (var i = 0; i < indices.Length; i++)
                    vector[i] += FixedPoint.Encode<T>(ComponentAttributes.ParseNumber(row[indices[i]], settings.Columns[i], rows), settings.FractionalBits);
            }
        }
        vector[^1] = T.CreateTruncating(rows);
        return (vector, rows);
    }

    private sealed record Settings(IReadOnlyList<string> Columns, int ModulusBits, int FractionalBits, string Aggregator, SecureAggregationOptions Options)
    {
        public static Settings From(ComponentContext context)
        {
            var a = context.Attributes;
            var columns = ComponentAttributes.Strings(a, "columns");
            if (columns.Count == 0) throw new ArgumentException("The attribute 'columns' must name at least one numeric column.");
            var bits = ComponentAttributes.Integer(a, "modulus_bits", 64);
            if (bits is not (32 or 64)) throw new ArgumentException("The attribute 'modulus_bits' must be 32 or 64.");
            var fractional = ComponentAttributes.Integer(a, "fractional_bits", 16);
            if (fractional < 0 || fractional > bits - 8) throw new ArgumentException($"The attribute 'fractional_bits' must be between 0 and {bits - 8}.");
            var aggregators = context.Parties.Where(p => p.Role == AggregatorRole).ToList();
            if (aggregators.Count != 1) throw new ArgumentException("A secure sum has exactly one aggregator.");
            var clients = context.Parties.Where(p => p.Role == ClientRole).Select(p => p.ParticipantId).ToList();
            var minClients = Math.Max(3, ComponentAttributes.Integer(a, "min_clients", 3));
            if (clients.Count < minClients) throw new ArgumentException($"A secure sum needs at least {minClients} clients; the task has {clients.Count}.");
            var threshold = ComponentAttributes.Integer(a, "threshold", clients.Count / 2 + 1);
            // A threshold at or below half lets two disjoint groups each recover secrets: Bonawitz requires t > n/2.
            if (threshold <= clients.Count / 2 || threshold > clients.Count)
                throw new ArgumentException($"The attribute 'threshold' must be above half the {clients.Count} clients and at most their number.");
            var timeout = ComponentAttributes.Number(a, "round_timeout_seconds", 60);
            if (timeout <= 0) throw new ArgumentException("The attribute 'round_timeout_seconds' must be positive.");
            var aggregator = aggregators[0].ParticipantId;
            // Check the release before computing anything: the aggregator must be allowed an aggregate.
            if (!context.Release.Allows(aggregator, ReleaseKinds.Aggregate))
                throw new ArgumentException($"The agreement does not allow '{aggregator}' to receive an aggregate.");
            if (clients.Count < context.Release.MinGroupSize)
                throw new ArgumentException($"The task has {clients.Count} clients, fewer than the agreement's minimum group size of {context.Release.MinGroupSize}.");
            var options = new SecureAggregationOptions(context.JobId, context.TaskId, "ss", clients, columns.Count + 1, threshold,
                Math.Max(minClients, context.Release.MinGroupSize), TimeSpan.FromSeconds(timeout));
            return new Settings(columns, bits, fractional, aggregator, options);
        }
    }
}
