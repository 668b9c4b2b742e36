using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Policies.Templates;

/// <summary>
/// The subset of JSON Schema that template parameters use: type, properties, required, additionalProperties: false,
/// minLength, pattern, format date-time, enum, minimum, maximum, exclusiveMinimum, items, minItems, default, description.
/// A schema with any other keyword is rejected when the template loads, so no constraint is silently unchecked.
/// </summary>
internal sealed class ParameterSchema
{
    private static readonly HashSet<string> Keywords =
    [
        "type", "properties", "required", "additionalProperties", "minLength", "pattern", "format", "enum", "minimum", "maximum",
        "exclusiveMinimum", "items", "minItems", "default", "description", "$schema", "title",
    ];

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly JsonObject _schema;

    private ParameterSchema(JsonObject schema) => _schema = schema;

    public static ParameterSchema Load(JsonObject schema, string templateId)
    {
        if (schema["type"]?.GetValue<string>() != "object")
        {
            throw new InvalidDataException($"Template '{templateId}': the parameters schema must be of type object.");
        }

        CheckKeywords(schema, "$", templateId);
        return new ParameterSchema(schema);
    }

    /// <summary>Names, schemas and required flags of the parameters.</summary>
    public IEnumerable<(string Name, JsonObject Schema, bool Required)> Parameters
    {
        get
        {
            var required = (_schema["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (name, schema) in _schema["properties"] as JsonObject ?? [])
            {
                yield return (name, (JsonObject)schema!, required.Contains(name));
            }
        }
    }

    /// <summary>Applies defaults and validates; returns the problems, each starting with the parameter's path.</summary>
    public List<string> Validate(Dictionary<string, JsonNode?> values, IReadOnlySet<string> implicitNames)
    {
        var errors = new List<string>();
        foreach (var (name, schema, required) in Parameters)
        {
            if (!values.ContainsKey(name))
            {
                if (schema["default"] is { } fallback)
                {
                    values[name] = fallback.DeepClone();
                }
                else if (required)
                {
                    errors.Add($"$.{name}: required parameter is missing ({schema["description"]?.GetValue<string>() ?? "no description"})");
                }

                continue;
            }

            Check(values[name], schema, $"$.{name}", errors);
        }

        if (_schema["additionalProperties"] is JsonValue additional && additional.GetValueKind() == JsonValueKind.False)
        {
            var known = Parameters.Select(p => p.Name).ToHashSet();
            errors.AddRange(values.Keys.Where(k => !known.Contains(k) && !implicitNames.Contains(k))
                .Select(k => $"$.{k}: unknown parameter; expected one of {string.Join(", ", known.Concat(implicitNames))}"));
        }

        return errors;
    }

    /// <summary>Converts a command-line string to the parameter's JSON type (arrays are comma-separated).</summary>
    public JsonNode? FromText(string name, string text)
    {
        var schema = Parameters.FirstOrDefault(p => p.Name == name).Schema;
        return schema is null ? JsonValue.Create(text) : FromText(schema, text);
    }

    private static JsonNode? FromText(JsonObject schema, string text) => schema["type"]?.GetValue<string>() switch
    {
        "integer" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        "number" when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        "boolean" when bool.TryParse(text, out var flag) => JsonValue.Create(flag),
        "array" => new JsonArray([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => schema["items"] is JsonObject items ? FromText(items, item) : JsonValue.Create(item))]),
        _ => JsonValue.Create(text),
    };

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        var type = schema["type"]?.GetValue<string>();
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        var ok = type switch
        {
            "string" => kind == JsonValueKind.String,
            "integer" => kind == JsonValueKind.Number && Number(value!) == decimal.Truncate(Number(value!)),
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "array" => kind == JsonValueKind.Array,
            _ => true,
        };
        if (!ok)
        {
            errors.Add($"{path}: expected {type}, got {(value is null ? "null" : value.ToJsonString())}");
            return;
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{path}: {value!.ToJsonString()} is not one of {options.ToJsonString()}");
        }

        if (kind == JsonValueKind.String)
        {
            var text = value!.GetValue<string>();
            if (schema["minLength"] is { } minLength && text.Length < minLength.GetValue<int>())
            {
                errors.Add($"{path}: must have at least {minLength} characters");
            }

            if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.CultureInvariant, RegexTimeout))
            {
                errors.Add($"{path}: '{text}' does not match {pattern}");
            }

            if (schema["format"]?.GetValue<string>() == "date-time"
                && !DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add($"{path}: '{text}' is not an RFC 3339 date-time such as 2026-01-01T00:00:00Z");
            }
        }

        if (kind == JsonValueKind.Number)
        {
            var number = Number(value!);
            if (schema["minimum"] is { } minimum && number < Number(minimum))
            {
                errors.Add($"{path}: must be at least {minimum}");
            }

            if (schema["maximum"] is { } maximum && number > Number(maximum))
            {
                errors.Add($"{path}: must be at most {maximum}");
            }

            if (schema["exclusiveMinimum"] is { } exclusive && number <= Number(exclusive))
            {
                errors.Add($"{path}: must be greater than {exclusive}");
            }
        }

        if (value is JsonArray array)
        {
            if (schema["minItems"] is { } minItems && array.Count < minItems.GetValue<int>())
            {
                errors.Add($"{path}: must have at least {minItems} items");
            }

            if (schema["items"] is JsonObject items)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], items, $"{path}[{i}]", errors);
                }
            }
        }
    }

    // Values created in code hold their CLR type (long, decimal); parsed ones hold JSON: read both through the text.
    private static decimal Number(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void CheckKeywords(JsonObject schema, string path, string templateId)
    {
        foreach (var (keyword, child) in schema)
        {
            if (!Keywords.Contains(keyword))
            {
                throw new InvalidDataException($"Template '{templateId}': schema keyword '{keyword}' at {path} is not supported by the template validator.");
            }

            if (keyword == "properties" && child is JsonObject properties)
            {
                foreach (var (name, property) in properties)
                {
                    CheckKeywords((JsonObject)property!, $"{path}.properties.{name}", templateId);
                }
            }
            else if (keyword == "items" && child is JsonObject items)
            {
                CheckKeywords(items, $"{path}.items", templateId);
            }
        }
    }
}
