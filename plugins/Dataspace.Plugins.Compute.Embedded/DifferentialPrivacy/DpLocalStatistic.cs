using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

/// <summary>A provider's exact statistic over its input, with the contribution bounds applied (before any noise).</summary>
internal static class DpLocalStatistic
{
    public static async Task<(long[] Vector, long Rows)> ComputeAsync(ComponentContext context, DpQuerySettings settings, CancellationToken cancellationToken)
    {
        if (!context.Inputs.TryGetValue("input", out var input) && context.Inputs.Count != 1)
            throw new ArgumentException("A provider needs one input named 'input'.");
        input ??= context.Inputs.Values.First();
        var valueIndex = settings.Column is null ? -1 : ComponentAttributes.ColumnIndex(input.Columns, settings.Column);
        var idIndex = settings.IdColumn is null ? -1 : ComponentAttributes.ColumnIndex(input.Columns, settings.IdColumn);
        var categories = settings.Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        // Rows kept per individual so far: memory grows with the number of distinct individuals, not rows.
        var perId = idIndex >= 0 ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
        var vector = new long[settings.VectorLength];
        long rows = 0;
        await foreach (var batch in input.ReadBatchesAsync(4096, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in batch)
            {
                rows++;
                if (perId is not null)
                {
                    var id = row[idIndex];
                    var seen = perId.GetValueOrDefault(id);
                    if (seen >= settings.MaxRowsPerId) continue; // beyond the individual's cap: dropped
                    perId[id] = seen + 1;
                }
                switch (settings.Query)
                {
                    case DpQuerySettings.Count:
                        vector[0]++;
                        break;
                    case DpQuerySettings.Histogram:
                        if (categories.TryGetValue(row[valueIndex], out var cell)) vector[cell]++;
                        break;
                    default:
                        var value = ComponentAttributes.ParseNumber(row[valueIndex], settings.Column!, rows);
                        // Clamp, then round to the integer grid the discrete noise lives on.
                        vector[0] += (long)Math.Round(Math.Clamp(value, settings.Lower, settings.Upper), MidpointRounding.ToEven);
                        vector[1]++;
                        break;
                }
            }
            context.Progress?.Report(new ComputeProgress(0.1, "dp-read"));
        }
        return (vector, rows);
    }
}
