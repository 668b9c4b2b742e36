using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Identity.Dcp;

/// <summary>The DCP answer of a Credential Service: presentations as JWTs.</summary>
public sealed record PresentationResponseMessage
{
    /// <summary>The presentations, each a compact JWT.</summary>
    public required IReadOnlyList<string> Presentation { get; init; }

    /// <summary>The message as DCP JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["@context"] = new JsonArray(DcpContext.Url),
        ["type"] = DcpContext.PresentationResponseMessage,
        ["presentation"] = new JsonArray([.. Presentation.Select(p => (JsonNode?)JsonValue.Create(p))]),
    };

    /// <summary>Reads a response; false with a reason if it is not a PresentationResponseMessage with JWT presentations.</summary>
    public static bool TryParse(JsonElement json, [NotNullWhen(true)] out PresentationResponseMessage? message, [NotNullWhen(false)] out string? reason)
    {
        message = null;
        var type = JsonReading.Strings(json, "type").Concat(JsonReading.Strings(json, "@type")).ToList();
        if (!type.Contains(DcpContext.PresentationResponseMessage) && !type.Contains("dcp:" + DcpContext.PresentationResponseMessage))
        {
            reason = $"the response's type is '{string.Join(", ", type)}', expected {DcpContext.PresentationResponseMessage}";
            return false;
        }

        if (!json.TryGetProperty("presentation", out var p) || (p.ValueKind != JsonValueKind.Array && p.ValueKind != JsonValueKind.String))
        {
            reason = "the response has no 'presentation' array";
            return false;
        }

        IEnumerable<JsonElement> items = p.ValueKind == JsonValueKind.Array ? p.EnumerateArray() : [p];
        if (items.Any(i => i.ValueKind != JsonValueKind.String))
        {
            reason = "only JWT presentations (strings) are supported";
            return false;
        }

        message = new PresentationResponseMessage { Presentation = [.. items.Select(i => i.GetString()!)] };
        reason = null;
        return true;
    }
}
