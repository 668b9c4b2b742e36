using System.Globalization;
using System.Security.Cryptography;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Scoring;

internal sealed partial class OnnxScoreComponent
{
    private static async Task<ComponentResult> RunHolderAsync(ComponentContext context, string owner, CancellationToken ct)
    {
        var channel = context.Channel;
        if (!ScoreSettings.TryParse(context.Attributes, out var settings, out var error)) return await RejectAsync(error).ConfigureAwait(false);
        if (CheckRelease(context, settings, owner) is { } refused) return await RejectAsync(refused).ConfigureAwait(false);
        var input = context.Inputs.Count == 1 ? context.Inputs.Values.First() : context.Inputs.GetValueOrDefault("input");
        if (input is null) return await RejectAsync("The data holder needs one input (named 'input' when it has several).").ConfigureAwait(false);
        var featureIndex = new int[settings.FeatureColumns.Count];
        for (var i = 0; i < featureIndex.Length; i++)
        {
            featureIndex[i] = IndexOf(input.Columns, settings.FeatureColumns[i]);
            if (featureIndex[i] < 0) return await RejectAsync($"The data holder's input has no feature column '{settings.FeatureColumns[i]}'.").ConfigureAwait(false);
        }
        var keyIndex = settings.KeyColumn is { } key ? IndexOf(input.Columns, key) : -1;
        if (settings.KeyColumn is not null && keyIndex < 0) return await RejectAsync($"The data holder's input has no key column '{settings.KeyColumn}'.").ConfigureAwait(false);

        // The offer: refused by size and digest before a single byte of the model moves.
        var offer = ScoreMessages.Parse<ScoreOffer>((await channel.ReceiveAsync(owner, ScoreMessages.TopicOffer, ct).ConfigureAwait(false)).Span);
        if (offer is null) return await RejectAsync("The model owner's offer is malformed.").ConfigureAwait(false);
        if (!offer.Ok) return ComponentResult.Failure($"The model owner sends no model: {offer.Reason}");
        if (offer.Bytes <= 0 || offer.Bytes > settings.MaxModelBytes)
            return await RejectAsync(string.Create(CultureInfo.InvariantCulture, $"The model is {offer.Bytes} bytes; the task allows 1 to {settings.MaxModelBytes} (max_model_bytes).")).ConfigureAwait(false);
        if (offer.Digest is null || !IsApproved(context, offer.Digest))
            return await RejectAsync($"The model's digest '{offer.Digest}' is not one the agreement approves.").ConfigureAwait(false);
        await channel.SendAsync(owner, ScoreMessages.TopicVerdict, ScoreMessages.Json(new ScoreVerdict(true)), ct).ConfigureAwait(false);

        context.Progress?.Report(new ComputeProgress(0.1, "receive-model"));
        var model = new byte[offer.Bytes];
        var received = 0;
        while (received < model.Length)
        {
            var chunk = await channel.ReceiveAsync(owner, ScoreMessages.TopicModel, ct).ConfigureAwait(false);
            if (chunk.Length == 0 || chunk.Length > model.Length - received)
                return await RejectAsync("The model owner sent a model chunk that is empty or runs past the declared size.").ConfigureAwait(false);
            chunk.Span.CopyTo(model.AsSpan(received));
            received += chunk.Length;
        }
        // The digest that counts is the one of the bytes received, not the one announced.
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(model));
        if (!string.Equals(digest, offer.Digest, StringComparison.OrdinalIgnoreCase) || !IsApproved(context, digest))
            return await RejectAsync($"The model received has digest '{digest}', not the approved '{offer.Digest}' it was offered as.").ConfigureAwait(false);
        if (!OnnxScorer.TryLoad(model, featureIndex.Length, settings.OutputColumns, out var scorer, out var reason))
            return await RejectAsync(reason).ConfigureAwait(false);
        if (settings.Aggregate && scorer!.Width != 1)
        {
            scorer.Dispose();
            return await RejectAsync($"Aggregate mode needs a score output with one value per row; '{settings.OutputColumns[0]}' has {scorer.Width}.").ConfigureAwait(false);
        }
        using (scorer)
        {
            model = null; // The session holds its own copy; ours may go.
            await channel.SendAsync(owner, ScoreMessages.TopicVerdict, ScoreMessages.Json(new ScoreVerdict(true)), ct).ConfigureAwait(false);
            context.Progress?.Report(new ComputeProgress(0.2, "score"));
            try
            {
                return await ScoreAsync(context, settings, input, featureIndex, keyIndex, scorer!, owner, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                return await FailAsync(context, owner, $"Scoring failed: {e.Message}", ct).ConfigureAwait(false);
            }
        }

        async Task<ComponentResult> RejectAsync(string why)
        {
            await TrySendAsync(channel, owner, ScoreMessages.TopicVerdict, ScoreMessages.Json(new ScoreVerdict(false, why)), ct).ConfigureAwait(false);
            return ComponentResult.Failure(why);
        }
    }

    private static async Task<ComponentResult> ScoreAsync(
        ComponentContext context, ScoreSettings settings, IComputeInput input, int[] featureIndex, int keyIndex, OnnxScorer scorer, string owner, CancellationToken ct)
    {
        var channel = context.Channel;
        var aggregate = settings.Aggregate;
        if (!aggregate)
        {
            var columns = new List<string>();
            if (settings.KeyColumn is { } key) columns.Add(key);
            columns.AddRange(scorer.Columns);
            await channel.SendAsync(owner, ScoreMessages.TopicResult, ScoreMessages.Frame(ScoreMessages.Header, new ScoreHeader(columns)), ct).ConfigureAwait(false);
        }
        var width = featureIndex.Length;
        var features = new float[settings.BatchSize * width];
        long rows = 0, above = 0;
        double sum = 0;
        await foreach (var batch in input.ReadBatchesAsync(settings.BatchSize, ct).ConfigureAwait(false))
        {
            if (batch.Count == 0) continue;
            // A short batch gets its own exactly-sized array: the tensor's shape is taken from the array's length.
            var buffer = batch.Count == settings.BatchSize ? features : new float[batch.Count * width];
            for (var r = 0; r < batch.Count; r++)
            {
                var row = batch[r];
                for (var c = 0; c < width; c++)
                {
                    var cell = featureIndex[c] < row.Length ? row[featureIndex[c]] : null;
                    if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                        return await FailAsync(context, owner, string.Create(CultureInfo.InvariantCulture, $"Row {rows + r + 1} of the input has no finite number in the feature column '{settings.FeatureColumns[c]}'."), ct).ConfigureAwait(false);
                    buffer[(r * width) + c] = value;
                }
            }
            var scores = scorer.Score(buffer, batch.Count);
            if (aggregate)
            {
                for (var r = 0; r < batch.Count; r++)
                {
                    var score = scores[r];
                    if (!double.IsFinite(score)) return await FailAsync(context, owner, "The model produced a score that is not a finite number.", ct).ConfigureAwait(false);
                    sum += score;
                    if (score > settings.Threshold) above++;
                }
            }
            else
            {
                var outRows = new string[batch.Count][];
                var offset = keyIndex >= 0 ? 1 : 0;
                for (var r = 0; r < batch.Count; r++)
                {
                    var row = new string[offset + scorer.Width];
                    if (keyIndex >= 0) row[0] = keyIndex < batch[r].Length ? batch[r][keyIndex] : "";
                    for (var c = 0; c < scorer.Width; c++) row[offset + c] = OnnxScorer.Format(scores[(r * scorer.Width) + c]);
                    outRows[r] = row;
                }
                IEnumerable<byte[]> frames;
                try
                {
                    frames = ScoreMessages.PackRows(outRows, channel.MaxPayloadBytes).ToList();
                }
                catch (InvalidOperationException e)
                {
                    return await FailAsync(context, owner, e.Message, ct).ConfigureAwait(false);
                }
                foreach (var frame in frames)
                    await channel.SendAsync(owner, ScoreMessages.TopicResult, frame, ct).ConfigureAwait(false);
            }
            rows += batch.Count;
            context.Progress?.Report(new ComputeProgress(0.5, "score"));
        }
        if (aggregate)
        {
            if (rows < Math.Max(1, context.Release.MinGroupSize))
                return await FailAsync(context, owner, string.Create(CultureInfo.InvariantCulture, $"The input has fewer rows than the agreement's minimum group size of {context.Release.MinGroupSize}; no aggregate is released."), ct).ConfigureAwait(false);
            // Small-cell suppression: a count above the threshold from 1 to MinGroupSize-1 singles out a few rows.
            long? countAbove = above > 0 && above < context.Release.MinGroupSize ? null : above;
            await channel.SendAsync(owner, ScoreMessages.TopicResult, ScoreMessages.Frame(ScoreMessages.AggregateFrame, new ScoreAggregate(rows, sum / rows, settings.Threshold, countAbove)), ct).ConfigureAwait(false);
        }
        else
        {
            await channel.SendAsync(owner, ScoreMessages.TopicResult, ScoreMessages.Frame(ScoreMessages.End, new ScoreEnd(rows)), ct).ConfigureAwait(false);
        }
        context.Progress?.Report(new ComputeProgress(1, "done"));
        return ComponentResult.Success(rows, new Dictionary<string, double> { ["rows_scored"] = rows });
    }

    private static async Task<ComponentResult> FailAsync(ComponentContext context, string owner, string reason, CancellationToken ct)
    {
        await TrySendAsync(context.Channel, owner, ScoreMessages.TopicResult, ScoreMessages.Frame(ScoreMessages.Error, new ScoreError(reason)), ct).ConfigureAwait(false);
        return ComponentResult.Failure(reason);
    }

    /// <summary>Tells the peer why we stop; a peer already gone needs no telling.</summary>
    private static async Task TrySendAsync(IComputeChannel channel, string peer, string topic, byte[] payload, CancellationToken ct)
    {
        try
        {
            await channel.SendAsync(peer, topic, payload, ct).ConfigureAwait(false);
        }
        catch (ComputeChannelClosedException)
        {
            // The peer left; our own result carries the reason.
        }
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
            if (string.Equals(columns[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}
