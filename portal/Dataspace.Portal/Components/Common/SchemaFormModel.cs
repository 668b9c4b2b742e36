using System.Globalization;
using System.Text.Json.Nodes;

namespace Dataspace.Portal.Components.Common;

/// <summary>
/// A form generated from a template's parameter schema (JSON Schema, object of simple properties): one field per property,
/// with its type, description and whether it is required, and the conversion of the typed text to JSON values.
/// </summary>
public sealed class SchemaFormModel
{
    private SchemaFormModel(IReadOnlyList<SchemaField> fields) => Fields = fields;

    /// <summary>The fields in schema order.</summary>
    public IReadOnlyList<SchemaField> Fields { get; }

    /// <summary>The form for <paramref name="schema"/>; <paramref name="example"/> pre-fills the fields.</summary>
    public static SchemaFormModel From(JsonObject schema, JsonObject? example = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var required = (schema["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var fields = new List<SchemaField>();
        foreach (var (name, node) in schema["properties"] as JsonObject ?? [])
        {
            var property = node as JsonObject ?? [];
            var type = property["type"] is JsonValue t && t.TryGetValue<string>(out var typeName) ? typeName : "string";
            var options = (property["enum"] as JsonArray)?.Select(e => e?.ToString() ?? "").ToList();
            if (type == "array" && (property["items"] as JsonObject)?["enum"] is JsonArray itemOptions)
            {
                options = [.. itemOptions.Select(e => e?.ToString() ?? "")];
            }

            fields.Add(new SchemaField(
                name,
                type,
                property["format"]?.ToString(),
                property["description"]?.ToString(),
                required.Contains(name),
                options)
            {
                Value = example?[name] is { } sample ? Display(sample) : null,
            });
        }

        return new SchemaFormModel(fields);
    }

    /// <summary>The parameters as JSON, or the problems (field name: what is wrong) that stop them.</summary>
    public bool TryBuild(out JsonObject parameters, out IReadOnlyList<string> problems)
    {
        parameters = [];
        var errors = new List<string>();
        foreach (var field in Fields)
        {
            var text = field.Value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (field.Required)
                {
                    errors.Add($"{field.Name}: required");
                }

                continue;
            }

            switch (field.Type)
            {
                case "integer" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer):
                    parameters[field.Name] = integer;
                    break;
                case "integer":
                    errors.Add($"{field.Name}: '{text}' is not a whole number");
                    break;
                case "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                    parameters[field.Name] = number;
                    break;
                case "number":
                    errors.Add($"{field.Name}: '{text}' is not a number");
                    break;
                case "boolean" when bool.TryParse(text, out var flag):
                    parameters[field.Name] = flag;
                    break;
                case "boolean":
                    errors.Add($"{field.Name}: expected true or false");
                    break;
                case "array":
                    parameters[field.Name] = new JsonArray([.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (JsonNode?)JsonValue.Create(v))]);
                    break;
                default:
                    parameters[field.Name] = text;
                    break;
            }
        }

        problems = errors;
        return errors.Count == 0;
    }

    private static string Display(JsonNode value) => value switch
    {
        JsonArray array => string.Join(", ", array.Select(v => v?.ToString())),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}

/// <summary>One field of a generated form.</summary>
public sealed record SchemaField(string Name, string Type, string? Format, string? Description, bool Required, IReadOnlyList<string>? Options)
{
    /// <summary>The text the operator typed.</summary>
    public string? Value { get; set; }

    /// <summary>The HTML input type that suits the field.</summary>
    public string InputType => Type switch
    {
        "integer" or "number" => "number",
        _ when Format == "date-time" => "text",
        _ => "text",
    };
}
