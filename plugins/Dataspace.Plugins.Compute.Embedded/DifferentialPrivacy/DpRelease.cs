using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

/// <summary>The analyst's output: the noisy statistic, with cells whose noisy count is under MinGroupSize suppressed (post-processing, so free of privacy cost).</summary>
internal static class DpRelease
{
    public static JsonElement Build(DpQuerySettings settings, long[] totals, int minGroupSize)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("query", settings.Query);
            if (settings.Column is not null) writer.WriteString("column", settings.Column);
            writer.WriteString("mechanism", settings.Mechanism);
            writer.WriteNumber("epsilon", settings.Epsilon);
            writer.WriteNumber("delta", settings.Delta);
            writer.WriteNumber("providers", settings.Providers.Count);
            switch (settings.Query)
            {
                case DpQuerySettings.Count:
                    WriteCount(writer, "value", totals[0], minGroupSize);
                    break;
                case DpQuerySettings.Histogram:
                    writer.WriteStartArray("cells");
                    for (var i = 0; i < totals.Length; i++)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("category", settings.Categories[i]);
                        WriteCount(writer, "count", totals[i], minGroupSize);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    break;
                default:
                    var (sum, count) = (totals[0], totals[1]);
                    var suppressed = count < Math.Max(1, minGroupSize);
                    writer.WriteBoolean("suppressed", suppressed);
                    if (suppressed) writer.WriteNull("value");
                    else if (settings.Query == DpQuerySettings.Sum) writer.WriteNumber("value", sum);
                    else writer.WriteNumber("value", Math.Clamp((double)sum / count, settings.Lower, settings.Upper));
                    break;
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void WriteCount(Utf8JsonWriter writer, string name, long value, int minGroupSize)
    {
        if (value < minGroupSize) writer.WriteNull(name);
        else writer.WriteNumber(name, value);
    }
}
