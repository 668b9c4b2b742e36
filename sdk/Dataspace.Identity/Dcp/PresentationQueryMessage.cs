using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Identity.Dcp;

/// <summary>The DCP request to a Credential Service: scopes (or a presentation definition) saying which credentials to present.</summary>
public sealed record PresentationQueryMessage
{
    /// <summary>The scopes, e.g. <c>org.eclipse.dspace.dcp.vc.type:MembershipCredential:read</c>.</summary>
    public IReadOnlyList<string> Scope { get; init; } = [];

    /// <summary>A DIF presentation definition, when the verifier sent one instead of scopes.</summary>
    public JsonElement? PresentationDefinition { get; init; }

    /// <summary>The message as DCP JSON.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["@context"] = new JsonArray(DcpContext.Url),
            ["type"] = DcpContext.PresentationQueryMessage,
            ["scope"] = new JsonArray([.. Scope.Select(s => (JsonNode?)JsonValue.Create(s))]),
        };
        if (PresentationDefinition is { } definition)
        {
            json["presentationDefinition"] = JsonNode.Parse(definition.GetRawText());
        }

        return json;
    }

    /// <summary>Reads a query; false with a reason if it is not a PresentationQueryMessage.</summary>
    public static bool TryParse(JsonElement json, [NotNullWhen(true)] out PresentationQueryMessage? message, [NotNullWhen(false)] out string? reason)
    {
        message = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            reason = "the body must be a JSON object";
            return false;
        }

        var type = JsonReading.Strings(json, "type").Concat(JsonReading.Strings(json, "@type")).ToList();
        if (!type.Contains(DcpContext.PresentationQueryMessage) && !type.Contains("dcp:" + DcpContext.PresentationQueryMessage))
        {
            reason = $"the body's type is '{string.Join(", ", type)}', expected {DcpContext.PresentationQueryMessage}";
            return false;
        }

        JsonElement? definition = json.TryGetProperty("presentationDefinition", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
        var scope = json.TryGetProperty("scope", out var s) && s.ValueKind is JsonValueKind.Array or JsonValueKind.String ? JsonReading.Strings(json, "scope") : [];
        message = new PresentationQueryMessage { Scope = scope, PresentationDefinition = definition };
        reason = null;
        return true;
    }
}
