using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Policies.Templates;

/// <summary>A parameterised ODRL policy with a JSON schema of its parameters and descriptions in English and Chinese.</summary>
/// <remarks>
/// In the policy, a string that is exactly <c>{{name}}</c> becomes the parameter's JSON value (number, array, ...);
/// <c>{{name}}</c> inside a longer string is replaced by its text. Besides the schema's parameters every template
/// takes <c>uid</c> (default: derived from the template and parameters) and <c>target</c> (the asset; omitted if not given).
/// </remarks>
public sealed partial class PolicyTemplate
{
    private static readonly HashSet<string> ImplicitNames = ["uid", "target"];

    private readonly ParameterSchema _schema;
    private readonly JsonObject _policy;

    private PolicyTemplate(string id, JsonObject document, ParameterSchema schema, JsonObject policy)
    {
        Id = id;
        Document = document;
        _schema = schema;
        _policy = policy;
    }

    /// <summary>The template's identifier, e.g. <c>max-uses</c>.</summary>
    public string Id { get; }

    /// <summary>The title in English.</summary>
    public string Title => Text("title", "en");

    /// <summary>The title in Chinese.</summary>
    public string TitleZh => Text("title", "zh");

    /// <summary>The description in English.</summary>
    public string Description => Text("description", "en");

    /// <summary>The description in Chinese.</summary>
    public string DescriptionZh => Text("description", "zh");

    /// <summary>The JSON schema of the parameters.</summary>
    public JsonObject ParametersSchema => (JsonObject)Document["parameters"]!.DeepClone();

    /// <summary>Example parameters that make a valid policy.</summary>
    public JsonObject Example => (JsonObject)(Document["example"]?.DeepClone() ?? new JsonObject());

    /// <summary>The template file as loaded.</summary>
    public JsonObject Document { get; }

    /// <summary>Loads and checks a template document.</summary>
    /// <exception cref="InvalidDataException">The document is not a valid template.</exception>
    public static PolicyTemplate Load(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var id = document["id"]?.GetValue<string>() ?? throw new InvalidDataException("A policy template needs an id.");
        foreach (var field in (string[])["title", "description"])
        {
            foreach (var language in (string[])["en", "zh"])
            {
                if (string.IsNullOrWhiteSpace(document[field]?[language]?.GetValue<string>()))
                {
                    throw new InvalidDataException($"Template '{id}' needs {field}.{language}.");
                }
            }
        }

        var schema = ParameterSchema.Load(document["parameters"] as JsonObject
            ?? throw new InvalidDataException($"Template '{id}' needs a parameters schema."), id);
        var policy = document["policy"] as JsonObject ?? throw new InvalidDataException($"Template '{id}' needs a policy.");
        return new PolicyTemplate(id, document, schema, policy);
    }

    /// <summary>The policy, as compacted JSON-LD, for the given parameters.</summary>
    /// <exception cref="TemplateParameterException">A parameter is missing, unknown or invalid.</exception>
    public JsonObject Instantiate(IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var values = parameters.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
        var errors = _schema.Validate(values, ImplicitNames);
        if (errors.Count > 0)
        {
            throw new TemplateParameterException(Id, errors);
        }

        if (!values.ContainsKey("uid"))
        {
            values["uid"] = JsonValue.Create(DefaultUid(values));
        }

        var policy = (JsonObject)_policy.DeepClone();
        Substitute(policy, values);
        return policy;
    }

    /// <summary>The policy for parameters given as text (<c>k=v</c> on a command line; arrays comma-separated).</summary>
    /// <exception cref="TemplateParameterException">A parameter is missing, unknown or invalid.</exception>
    public JsonObject Instantiate(IEnumerable<KeyValuePair<string, string>> parameters) =>
        Instantiate(parameters.ToDictionary(p => p.Key, p => _schema.FromText(p.Key, p.Value), StringComparer.Ordinal));

    private string Text(string field, string language) => Document[field]![language]!.GetValue<string>();

    private string DefaultUid(Dictionary<string, JsonNode?> values)
    {
        // Deterministic: the same template and parameters name the same policy.
        var canonical = string.Join('\n', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value?.ToJsonString()}"));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Id}\n{canonical}"));
        return $"urn:policy:{Id}:{Convert.ToHexStringLower(hash, 0, 8)}";
    }

    private static bool Substitute(JsonNode? node, Dictionary<string, JsonNode?> values)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (!Substitute(obj[name], values, out var replacement))
                    {
                        obj.Remove(name);
                    }
                    else if (replacement is not null)
                    {
                        obj[name] = replacement;
                    }
                }

                return true;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (!Substitute(array[i], values, out var replacement))
                    {
                        array.RemoveAt(i);
                    }
                    else if (replacement is not null)
                    {
                        array[i] = replacement;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    // False when the node uses a parameter that was not given (and has no default): the node is dropped.
    private static bool Substitute(JsonNode? node, Dictionary<string, JsonNode?> values, out JsonNode? replacement)
    {
        replacement = null;
        if (node is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return Substitute(node, values);
        }

        var text = value.GetValue<string>();
        var whole = Placeholder().Match(text);
        if (whole.Success && whole.Length == text.Length)
        {
            if (!values.TryGetValue(whole.Groups[1].Value, out var parameter))
            {
                return false;
            }

            replacement = parameter?.DeepClone();
            return true;
        }

        var missing = false;
        var result = Placeholder().Replace(text, match =>
        {
            if (values.TryGetValue(match.Groups[1].Value, out var parameter) && parameter is JsonValue scalar)
            {
                return scalar.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? scalar.GetValue<string>()
                    : scalar.ToJsonString();
            }

            missing = true;
            return match.Value;
        });
        if (missing)
        {
            return false;
        }

        if (!string.Equals(result, text, StringComparison.Ordinal))
        {
            replacement = JsonValue.Create(result);
        }

        return true;
    }

    [GeneratedRegex(@"\{\{([A-Za-z][A-Za-z0-9_]*)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id}: {Title}");
}
