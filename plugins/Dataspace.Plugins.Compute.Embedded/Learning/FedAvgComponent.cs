using System.Buffers.Binary;
using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Learning;

/// <summary>
/// <c>fl/fedavg:1</c>: horizontal federated averaging. Each round the <c>aggregator</c> sends the global model to the
/// <c>client</c>s, each trains it on its own rows (<see cref="LocalTrainer"/>), and the row-weighted average of the
/// local models is formed by secure sum, so the aggregator never sees one client's update. The final model goes to
/// the aggregator as a flat float32 tensor (release kind <c>model</c>).
/// </summary>
/// <remarks>See docs/compute/fedavg.md for the model, its format, the messages and what each party learns.</remarks>
public sealed class FedAvgComponent : IComputeComponent
{
    /// <summary>The role of a data holder.</summary>
    public const string ClientRole = "client";

    /// <summary>The role of the party that coordinates and receives the model.</summary>
    public const string AggregatorRole = "aggregator";

    /// <summary>The media type of the model blob: little-endian float32 values <c>[w_1 … w_d, b]</c>.</summary>
    public const string TensorMediaType = "application/vnd.dataspace.tensor+f32";

    /// <inheritdoc/>
    public string Name => ComputeComponents.FedAvg;

    /// <inheritdoc/>
    public ComponentDescriptor Descriptor { get; } = new(
        [ClientRole, AggregatorRole],
        [
            new ComponentParameter("features", "string[]", Required: true),
            new ComponentParameter("label", "string", Required: true),
            new ComponentParameter("model", "string", Default: JsonSerializer.SerializeToElement(LocalTrainer.Logistic), AllowedValues: [LocalTrainer.Logistic, LocalTrainer.Linear]),
            new ComponentParameter("rounds", "integer", Default: JsonSerializer.SerializeToElement(5)),
            new ComponentParameter("local_epochs", "integer", Default: JsonSerializer.SerializeToElement(1)),
            new ComponentParameter("learning_rate", "number", Default: JsonSerializer.SerializeToElement(0.1)),
            new ComponentParameter("l2", "number", Default: JsonSerializer.SerializeToElement(0)),
            new ComponentParameter("fractional_bits", "integer", Default: JsonSerializer.SerializeToElement(24)),
            new ComponentParameter("threshold", "integer"),
            new ComponentParameter("min_clients", "integer", Default: JsonSerializer.SerializeToElement(3)),
            new ComponentParameter("round_timeout_seconds", "number", Default: JsonSerializer.SerializeToElement(60)),
        ],
        [ReleaseKinds.Model],
        MinParties: 4,
        MaxParties: 1001);

    /// <inheritdoc/>
    public async Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var settings = FedAvgSettings.From(context);
            return context.Role == AggregatorRole
                ? await RunAggregatorAsync(context, settings, cancellationToken).ConfigureAwait(false)
                : await RunClientAsync(context, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or SecureAggregationException)
        {
            return ComponentResult.Failure(e.Message);
        }
        catch (ComputeChannelClosedException e)
        {
            return ComponentResult.Failure($"A party left the federated training: {e.Message}");
        }
    }

    private static async Task<ComponentResult> RunAggregatorAsync(ComponentContext context, FedAvgSettings settings, CancellationToken cancellationToken)
    {
        var active = settings.Clients.ToList();
        var global = new float[settings.Parameters];
        long rows = 0;
        // The topic the active clients wait on between secure sums (inside one, the secure sum tells them itself).
        string? waiting = ModelTopic(1);
        try
        {
            for (var round = 1; round <= settings.Rounds; round++)
            {
                if (active.Count < Math.Max(settings.Threshold, settings.MinClients))
                    throw new SecureAggregationException($"Only {active.Count} clients remain; at least {Math.Max(settings.Threshold, settings.MinClients)} are required.");
                var message = ModelMessage(settings, active, global);
                foreach (var client in active)
                    await context.Channel.SendAsync(client, ModelTopic(round), message, cancellationToken).ConfigureAwait(false);
                waiting = null;
                var result = await SecureAggregationServer<ulong>.RunAsync(context.Channel, settings.Aggregation(context, round, active), context.Time, null, cancellationToken).ConfigureAwait(false);
                active = [.. result.Survivors.Select(i => active[i - 1])];
                waiting = round < settings.Rounds ? ModelTopic(round + 1) : null;
                rows = FixedPoint.ToSigned(result.Sum[^1]);
                if (rows <= 0) throw new SecureAggregationException("The clients reported no rows.");
                for (var j = 0; j < global.Length; j++) global[j] = (float)(FixedPoint.Decode(result.Sum[j], settings.FractionalBits) / rows);
                context.Progress?.Report(new ComputeProgress((double)round / settings.Rounds, $"fedavg-round-{round}"));
            }
        }
        catch (SecureAggregationException e) when (waiting is not null)
        {
            foreach (var client in active) await TryAbortAsync(context.Channel, client, waiting, e.Message).ConfigureAwait(false);
            throw;
        }

        var tensor = new byte[global.Length * 4];
        for (var j = 0; j < global.Length; j++) BinaryPrimitives.WriteSingleLittleEndian(tensor.AsSpan(j * 4), global[j]);
        using (var content = new MemoryStream(tensor, writable: false))
            await context.Outputs.WriteBlobAsync("model", ReleaseKinds.Model, TensorMediaType, content, cancellationToken).ConfigureAwait(false);
        var info = JsonSerializer.SerializeToElement(new FedAvgModelInfo(settings.Model, "f32-le", [.. settings.Features, "bias"], settings.Rounds, active.Count, rows),
            FedAvgJson.Default.FedAvgModelInfo);
        await context.Outputs.WriteValueAsync("model_info", ReleaseKinds.Model, info, cancellationToken).ConfigureAwait(false);
        return ComponentResult.Success(0, new Dictionary<string, double> { ["clients"] = active.Count, ["rows"] = rows });
    }

    private static async Task<ComponentResult> RunClientAsync(ComponentContext context, FedAvgSettings settings, CancellationToken cancellationToken)
    {
        if (!context.Inputs.TryGetValue("input", out var input) && context.Inputs.Count != 1)
            throw new ArgumentException("A client needs one input named 'input'.");
        input ??= context.Inputs.Values.First();
        long rows = 0;
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var message = await context.Channel.ReceiveAsync(settings.Aggregator, ModelTopic(round), cancellationToken).ConfigureAwait(false);
            List<string> active;
            float[] global;
            try
            {
                (active, global) = ParseModel(WireFormat.Body(message, "the aggregator", "model"), settings, context.Self);
            }
            catch (SecureAggregationException e)
            {
                // The aggregator waits for this round's keys next: tell it there, so the task ends at once.
                await SecureAggregationClient<ulong>.RefuseAsync(context.Channel, settings.Aggregator, settings.Aggregation(context, round, settings.Clients), e.Message).ConfigureAwait(false);
                throw;
            }
            var options = settings.Aggregation(context, round, active);
            ulong[] vector;
            try
            {
                (var local, rows) = await LocalTrainer.TrainAsync(input, settings, global, cancellationToken).ConfigureAwait(false);
                // The weighted update n·w in fixed point, and n, so the sum gives the row-weighted average.
                vector = new ulong[settings.Parameters + 1];
                for (var j = 0; j < local.Length; j++) vector[j] = FixedPoint.Encode<ulong>((double)rows * local[j], settings.FractionalBits);
                vector[^1] = (ulong)rows;
            }
            catch (ArgumentException e)
            {
                await SecureAggregationClient<ulong>.RefuseAsync(context.Channel, settings.Aggregator, options, "a client could not train on its input").ConfigureAwait(false);
                return ComponentResult.Failure(e.Message);
            }
            await SecureAggregationClient<ulong>.RunAsync(context.Channel, settings.Aggregator, context.Self, options, vector, cancellationToken).ConfigureAwait(false);
            context.Progress?.Report(new ComputeProgress((double)round / settings.Rounds, $"fedavg-round-{round}"));
        }
        return ComponentResult.Success(rows);
    }

    private static async Task TryAbortAsync(IComputeChannel channel, string to, string topic, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await channel.SendAsync(to, topic, WireFormat.AbortMessage(reason), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ComputeChannelClosedException or OperationCanceledException)
        {
            // Best effort: the client is gone.
        }
    }

    private static string ModelTopic(int round) => $"fl/r{round}/model";

    /// <summary>[type][active count u16][active indices u16 …][d+1 float32]: who takes part in the round, and the model.</summary>
    private static byte[] ModelMessage(FedAvgSettings settings, List<string> active, float[] global)
    {
        var message = new byte[1 + 2 + 2 * active.Count + 4 * global.Length];
        message[0] = WireFormat.Data;
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(1), (ushort)active.Count);
        var at = 3;
        foreach (var client in active)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(at), (ushort)(IndexOf(settings.Clients, client) + 1));
            at += 2;
        }
        foreach (var value in global)
        {
            BinaryPrimitives.WriteSingleLittleEndian(message.AsSpan(at), value);
            at += 4;
        }
        return message;
    }

    private static (List<string> Active, float[] Global) ParseModel(ReadOnlyMemory<byte> body, FedAvgSettings settings, string self)
    {
        var reader = new WireReader(body.Span, "model");
        var count = reader.U16();
        if (count < Math.Max(settings.Threshold, settings.MinClients) || count > settings.Clients.Count)
            throw new SecureAggregationException($"The model message names {count} clients; between {Math.Max(settings.Threshold, settings.MinClients)} and {settings.Clients.Count} were expected.");
        var active = new List<string>(count);
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            var index = reader.U16();
            if (index <= previous || index > settings.Clients.Count) throw new SecureAggregationException("The model message's client indices are not increasing within the task's clients.");
            previous = index;
            active.Add(settings.Clients[index - 1]);
        }
        var global = new float[settings.Parameters];
        for (var j = 0; j < global.Length; j++)
        {
            global[j] = BinaryPrimitives.ReadSingleLittleEndian(reader.Take(4));
            if (!float.IsFinite(global[j])) throw new SecureAggregationException("The global model holds a value that is not finite.");
        }
        reader.End();
        if (!active.Contains(self, StringComparer.Ordinal)) throw new SecureAggregationException("This client was dropped from the training.");
        return (active, global);
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
            if (string.Equals(list[i], item, StringComparison.Ordinal)) return i;
        return -1;
    }
}
