using System.Globalization;
using System.Text.Json;

namespace Dataspace.Identity;

/// <summary>Tolerant readers for the JSON shapes credentials use (a string or an array of strings, ISO dates).</summary>
internal static class JsonReading
{
    public static string? String(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static List<string> Strings(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out var v))
        {
            return [];
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => [v.GetString()!],
            JsonValueKind.Array => [.. v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            _ => [],
        };
    }

    public static bool HasContext(JsonElement json, string context) => Strings(json, "@context").Contains(context);

    public static DateTimeOffset? Time(JsonElement json, string name) =>
        String(json, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
