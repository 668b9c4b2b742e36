using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Scoring;

internal sealed partial class OnnxScoreComponent
{
    // Model chunks stay well under any channel's limit and keep the data holder's receive loop responsive.
    private const int MaxChunkBytes = 1024 * 1024;

    private static async Task<ComponentResult> RunOwnerAsync(ComponentContext context, string holder, CancellationToken ct)
    {
        var channel = context.Channel;
        if (!ScoreSettings.TryParse(context.Attributes, out var settings, out var error)
            || (error = CheckRelease(context, settings, context.Self) ?? "").Length > 0)
        {
            await TrySendAsync(channel, holder, ScoreMessages.TopicOffer, ScoreMessages.Json(new ScoreOffer(false, Reason: error)), ct).ConfigureAwait(false);
            return ComponentResult.Failure(error);
        }
        if (!context.Blobs.TryGetValue(ModelBlob, out var model))
            return await RefuseAsync($"The model owner has no '{ModelBlob}' input holding the ONNX model.").ConfigureAwait(false);
        if (model.Length <= 0 || model.Length > settings.MaxModelBytes)
            return await RefuseAsync(string.Create(CultureInfo.InvariantCulture, $"The model is {model.Length} bytes; the task allows 1 to {settings.MaxModelBytes} (max_model_bytes).")).ConfigureAwait(false);

        context.Progress?.Report(new ComputeProgress(0.05, "digest"));
        string digest;
        var stream = await model.OpenReadAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
            digest = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
        await channel.SendAsync(holder, ScoreMessages.TopicOffer, ScoreMessages.Json(new ScoreOffer(true, model.Length, digest)), ct).ConfigureAwait(false);
        var verdict = ScoreMessages.Parse<ScoreVerdict>((await channel.ReceiveAsync(holder, ScoreMessages.TopicVerdict, ct).ConfigureAwait(false)).Span);
        if (verdict is null) return ComponentResult.Failure("The data holder's answer to the model offer is malformed.");
        if (!verdict.Ok) return ComponentResult.Failure($"The data holder refused the model: {verdict.Reason}");

        context.Progress?.Report(new ComputeProgress(0.1, "send-model"));
        var chunk = new byte[Math.Min(MaxChunkBytes, channel.MaxPayloadBytes)];
        long sent = 0;
        stream = await model.OpenReadAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (sent < model.Length)
            {
                var read = await stream.ReadAtLeastAsync(chunk, (int)Math.Min(chunk.Length, model.Length - sent), throwOnEndOfStream: false, ct).ConfigureAwait(false);
                if (read == 0) return ComponentResult.Failure("The model input ended before its declared length.");
                await channel.SendAsync(holder, ScoreMessages.TopicModel, chunk.AsMemory(0, read), ct).ConfigureAwait(false);
                sent += read;
            }
        }
        verdict = ScoreMessages.Parse<ScoreVerdict>((await channel.ReceiveAsync(holder, ScoreMessages.TopicVerdict, ct).ConfigureAwait(false)).Span);
        if (verdict is null) return ComponentResult.Failure("The data holder's answer to the model is malformed.");
        if (!verdict.Ok) return ComponentResult.Failure($"The data holder refused the model: {verdict.Reason}");

        context.Progress?.Report(new ComputeProgress(0.2, "receive-scores"));
        return settings.Aggregate
            ? await ReceiveAggregateAsync(context, settings, holder, ct).ConfigureAwait(false)
            : await ReceiveRowsAsync(context, settings, holder, ct).ConfigureAwait(false);

        async Task<ComponentResult> RefuseAsync(string reason)
        {
            await TrySendAsync(channel, holder, ScoreMessages.TopicOffer, ScoreMessages.Json(new ScoreOffer(false, Reason: reason)), ct).ConfigureAwait(false);
            return ComponentResult.Failure(reason);
        }
    }

    private static async Task<ComponentResult> ReceiveRowsAsync(ComponentContext context, ScoreSettings settings, string holder, CancellationToken ct)
    {
        var frame = await context.Channel.ReceiveAsync(holder, ScoreMessages.TopicResult, ct).ConfigureAwait(false);
        if (TryError(frame.Span, out var failure)) return failure;
        var header = frame.Length > 0 && frame.Span[0] == ScoreMessages.Header ? ScoreMessages.Parse<ScoreHeader>(frame.Span[1..]) : null;
        if (header is null || !ValidHeader(header.Columns, settings, out var keyIndex))
            return ComponentResult.Failure("The data holder's result header is malformed or names a column the task did not ask for.");
        var table = await context.Outputs.OpenTableAsync(ScoresOutput, ReleaseKinds.Score, header.Columns, ct).ConfigureAwait(false);
        await using (table.ConfigureAwait(false))
        {
            long rows = 0;
            while (true)
            {
                frame = await context.Channel.ReceiveAsync(holder, ScoreMessages.TopicResult, ct).ConfigureAwait(false);
                if (TryError(frame.Span, out failure)) return failure;
                if (frame.Length > 0 && frame.Span[0] == ScoreMessages.End)
                {
                    var end = ScoreMessages.Parse<ScoreEnd>(frame.Span[1..]);
                    if (end is null || end.Rows != rows) return ComponentResult.Failure("The data holder's end of results does not match the rows it sent.");
                    await table.CompleteAsync(ct).ConfigureAwait(false);
                    return ComponentResult.Success(0, new Dictionary<string, double> { ["rows_scored"] = rows });
                }
                var batch = ScoreMessages.UnpackRows(frame.Span, header.Columns.Count);
                if (batch is null) return ComponentResult.Failure("The data holder sent a malformed batch of scores.");
                // Scores are numbers: a cell that is not one would be data the agreement did not release.
                foreach (var row in batch)
                    for (var c = 0; c < row.Length; c++)
                        if (c != keyIndex && !double.TryParse(row[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                            return ComponentResult.Failure($"The data holder sent a non-numeric value in the score column '{header.Columns[c]}'.");
                await table.WriteRowsAsync(batch, ct).ConfigureAwait(false);
                rows += batch.Count;
            }
        }
    }

    private static async Task<ComponentResult> ReceiveAggregateAsync(ComponentContext context, ScoreSettings settings, string holder, CancellationToken ct)
    {
        var frame = await context.Channel.ReceiveAsync(holder, ScoreMessages.TopicResult, ct).ConfigureAwait(false);
        if (TryError(frame.Span, out var failure)) return failure;
        var aggregate = frame.Length > 0 && frame.Span[0] == ScoreMessages.AggregateFrame ? ScoreMessages.Parse<ScoreAggregate>(frame.Span[1..]) : null;
        if (aggregate is null || aggregate.Count < Math.Max(1, context.Release.MinGroupSize) || !double.IsFinite(aggregate.Mean)
            || aggregate.Threshold != settings.Threshold || aggregate.CountAbove is < 0 || aggregate.CountAbove > aggregate.Count)
            return ComponentResult.Failure("The data holder's aggregate is malformed or covers fewer rows than the minimum group size.");
        await context.Outputs.WriteValueAsync(SummaryOutput, ReleaseKinds.Aggregate, JsonSerializer.SerializeToElement(aggregate, ScoreJson.Options), ct).ConfigureAwait(false);
        return ComponentResult.Success(0, new Dictionary<string, double> { ["rows_scored"] = aggregate.Count });
    }

    private static bool TryError(ReadOnlySpan<byte> frame, out ComponentResult failure)
    {
        failure = null!;
        if (frame.Length == 0 || frame[0] != ScoreMessages.Error) return false;
        var error = ScoreMessages.Parse<ScoreError>(frame[1..]);
        failure = ComponentResult.Failure(error is null ? "The data holder failed without a readable reason." : $"The data holder failed: {error.Reason}");
        return true;
    }

    private static bool ValidHeader(IReadOnlyList<string> columns, ScoreSettings settings, out int keyIndex)
    {
        keyIndex = -1;
        if (columns.Count == 0 || columns.Count > 1 + (1024 * settings.OutputColumns.Count) || columns.Distinct(StringComparer.Ordinal).Count() != columns.Count) return false;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            if (column == settings.KeyColumn) { keyIndex = i; continue; }
            // An output of width k is released as name_0 … name_{k-1}; the whitelist names the output.
            if (!settings.OutputColumns.Any(o => column == o || (column.StartsWith(o + "_", StringComparison.Ordinal) && int.TryParse(column.AsSpan(o.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))))
                return false;
        }
        return settings.KeyColumn is null || keyIndex == 0;
    }
}
