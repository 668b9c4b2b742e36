using System.Text;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Tests.Compute;

/// <summary>
/// A test component (<c>test/match:1</c>) that counts, or lists, the ids both parties hold: the right party sends its ids
/// in the clear, so it protects nothing and serves only to drive the engine end to end (the real PSI is another component).
/// </summary>
internal sealed class MatchCountComponent : IComputeComponent
{
    public const string ComponentName = "test/match:1";

    public string Name => ComponentName;

    public ComponentDescriptor Descriptor { get; } = new(
        ["left", "right"],
        [
            new ComponentParameter("mode", "string", Default: JsonSerializer.SerializeToElement("cardinality"), AllowedValues: ["cardinality", "intersection"]),
            new ComponentParameter("epsilon", "number"),
        ],
        [ReleaseKinds.Cardinality, ReleaseKinds.Intersection]);

    public async Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        var input = context.Inputs["input"];
        var id = input.Columns.ToList().IndexOf("id");
        if (id < 0) return ComponentResult.Failure($"the input lacks column 'id' (has: {string.Join(", ", input.Columns)})");
        var other = context.Parties.First(p => p.ParticipantId != context.Self).ParticipantId;
        var left = context.Parties.First(p => p.Role == "left").ParticipantId;
        long rows = 0;
        if (context.Role == "right")
        {
            await foreach (var batch in input.ReadBatchesAsync(2, cancellationToken))
            {
                rows += batch.Count;
                await context.Channel.SendAsync(other, "ids", Encoding.UTF8.GetBytes(string.Join('\n', batch.Select(r => r[id]))), cancellationToken);
                context.Progress?.Report(new ComputeProgress(0.5, "send"));
            }

            await context.Channel.SendAsync(other, "ids", ReadOnlyMemory<byte>.Empty, cancellationToken);
            return ComponentResult.Success(rows);
        }

        var kind = context.GetString("mode") == "intersection" ? ReleaseKinds.Intersection : ReleaseKinds.Cardinality;
        if (!context.Release.Allows(left, kind)) return ComponentResult.Failure($"the release policy does not allow {kind} to {left}");
        var theirs = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var message = await context.Channel.ReceiveAsync(other, "ids", cancellationToken);
            if (message.IsEmpty) break;
            theirs.UnionWith(Encoding.UTF8.GetString(message.Span).Split('\n'));
        }

        var matches = new List<string[]>();
        await foreach (var batch in input.ReadBatchesAsync(2, cancellationToken))
        {
            rows += batch.Count;
            matches.AddRange(batch.Where(r => theirs.Contains(r[id])).Select(r => new[] { r[id] }));
        }

        if (kind == ReleaseKinds.Cardinality)
        {
            await context.Outputs.WriteValueAsync("count", kind, JsonSerializer.SerializeToElement(matches.Count), cancellationToken);
        }
        else
        {
            await using var table = await context.Outputs.OpenTableAsync("matches", kind, ["id"], cancellationToken);
            await table.WriteRowsAsync(matches, cancellationToken);
            await table.CompleteAsync(cancellationToken);
        }

        return ComponentResult.Success(rows, new Dictionary<string, double> { ["matches"] = matches.Count });
    }
}
