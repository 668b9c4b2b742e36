using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataspace.Conformance;

/// <summary>
/// The DSP 2025-1 JSON schemas (embedded from the specification) and a validator for the keywords they use
/// (JSON Schema 2019-09: $ref across the schema files, type, const, enum, properties, required, items, minItems,
/// contains, allOf, anyOf, oneOf, not, pattern). NJsonSchema was tried first: it ignores <c>contains</c>, so it misses
/// a missing DSP context, and overflows the stack on the schemas' cross-file references.
/// </summary>
internal sealed class DspSchemas
{
    private const string ResourcePrefix = "Dataspace.Conformance.Schemas.dsp_2025_1.";

    private static readonly Lazy<DspSchemas> Embedded = new(Load);

    private static readonly Dictionary<string, string> SchemaByType = new(StringComparer.Ordinal)
    {
        ["Catalog"] = "catalog/catalog-schema.json",
        ["CatalogError"] = "catalog/catalog-error-schema.json",
        ["Dataset"] = "catalog/dataset-schema.json",
        ["CatalogRequestMessage"] = "catalog/catalog-request-message-schema.json",
        ["DatasetRequestMessage"] = "catalog/dataset-request-message-schema.json",
        ["ContractNegotiation"] = "negotiation/contract-negotiation-schema.json",
        ["ContractNegotiationError"] = "negotiation/contract-negotiation-error-schema.json",
        ["ContractRequestMessage"] = "negotiation/contract-request-message-schema.json",
        ["ContractOfferMessage"] = "negotiation/contract-offer-message-schema.json",
        ["ContractAgreementMessage"] = "negotiation/contract-agreement-message-schema.json",
        ["ContractAgreementVerificationMessage"] = "negotiation/contract-agreement-verification-message-schema.json",
        ["ContractNegotiationEventMessage"] = "negotiation/contract-negotiation-event-message-schema.json",
        ["ContractNegotiationTerminationMessage"] = "negotiation/contract-negotiation-termination-message-schema.json",
        ["TransferProcess"] = "transfer/transfer-process-schema.json",
        ["TransferError"] = "transfer/transfer-error-schema.json",
        ["TransferRequestMessage"] = "transfer/transfer-request-message-schema.json",
        ["TransferStartMessage"] = "transfer/transfer-start-message-schema.json",
        ["TransferCompletionMessage"] = "transfer/transfer-completion-message-schema.json",
        ["TransferSuspensionMessage"] = "transfer/transfer-suspension-message-schema.json",
        ["TransferTerminationMessage"] = "transfer/transfer-termination-message-schema.json",
    };

    private readonly Dictionary<string, JsonNode> _documents;

    private DspSchemas(Dictionary<string, JsonNode> documents) => _documents = documents;

    public static DspSchemas Instance => Embedded.Value;

    /// <summary>The schema files, by their <c>$id</c>.</summary>
    public IReadOnlyCollection<string> Ids => _documents.Keys;

    /// <summary>The schema a message of a DSP type must satisfy; the version document has no type and its own schema.</summary>
    public static string? SchemaFor(string? type, JsonNode message) =>
        type is not null && SchemaByType.TryGetValue(type, out var path) ? DspVocabulary.Namespace + path
        : type is null && message is JsonObject o && o.ContainsKey("protocolVersions") ? DspVocabulary.Namespace + "common/protocol-version-schema.json"
        : null;

    /// <summary>Validates <paramref name="instance"/> against the schema with <paramref name="schemaId"/>; returns the violations.</summary>
    public IReadOnlyList<string> Validate(string schemaId, JsonNode? instance)
    {
        var errors = new List<string>();
        Validate(Resolve(schemaId, schemaId), schemaId, instance, "$", errors);
        return errors;
    }

    private static DspSchemas Load()
    {
        var assembly = typeof(DspSchemas).Assembly;
        var documents = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var document = JsonNode.Parse(stream)!;
            var id = Expect.Text(document["$id"]) ?? throw new InvalidOperationException($"embedded schema {name} has no $id");
            documents[id] = document;
        }

        return documents.Count > 0 ? new DspSchemas(documents) : throw new InvalidOperationException("the DSP schemas are not embedded in the conformance library");
    }

    private JsonNode Resolve(string reference, string baseId)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var documentId = hash < 0 ? reference : hash == 0 ? baseId : reference[..hash];
        var fragment = hash < 0 ? "" : reference[(hash + 1)..].TrimStart('/');
        if (!_documents.TryGetValue(documentId, out var node))
        {
            throw new InvalidOperationException($"schema '{documentId}' is not among the embedded DSP schemas");
        }

        foreach (var segment in fragment.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node[segment] ?? throw new InvalidOperationException($"schema reference '{reference}' points nowhere");
        }

        return node;
    }

    private void Validate(JsonNode schema, string baseId, JsonNode? instance, string path, List<string> errors)
    {
        if (schema is not JsonObject rules)
        {
            if (schema is JsonValue v && v.TryGetValue<bool>(out var allowed) && !allowed)
            {
                errors.Add($"{path}: not allowed here");
            }

            return;
        }

        if (Expect.Text(rules["$ref"]) is { } reference)
        {
            var target = reference.StartsWith('#') ? baseId + reference : reference;
            var targetBase = target.Split('#')[0];
            Validate(Resolve(target, baseId), targetBase, instance, path, errors);
        }

        if (rules["type"] is { } type && !MatchesType(type, instance))
        {
            errors.Add($"{path}: is {Kind(instance)}; expected {type.ToJsonString()}");
            return;
        }

        if (rules["const"] is { } constant && !JsonNode.DeepEquals(constant, instance))
        {
            errors.Add($"{path}: is {Show(instance)}; expected {constant.ToJsonString()}");
        }

        if (rules["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, instance)))
        {
            errors.Add($"{path}: is {Show(instance)}; expected one of {options.ToJsonString()}");
        }

        if (rules["pattern"] is { } pattern && instance is JsonValue sv && sv.TryGetValue<string>(out var text)
            && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: '{text}' does not match {pattern.GetValue<string>()}");
        }

        if (instance is JsonObject obj)
        {
            if (rules["required"] is JsonArray required)
            {
                foreach (var name in required.Select(r => r!.GetValue<string>()).Where(n => !obj.ContainsKey(n)))
                {
                    errors.Add($"{path}: lacks the required member '{name}'");
                }
            }

            if (rules["properties"] is JsonObject properties)
            {
                foreach (var (name, propertySchema) in properties)
                {
                    if (obj.TryGetPropertyValue(name, out var value) && propertySchema is not null)
                    {
                        Validate(propertySchema, baseId, value, $"{path}.{name}", errors);
                    }
                }
            }
        }

        if (instance is JsonArray array)
        {
            if (rules["minItems"] is { } minItems && array.Count < minItems.GetValue<int>())
            {
                errors.Add($"{path}: has {array.Count} items; expected at least {minItems}");
            }

            if (rules["items"] is JsonObject items)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(items, baseId, array[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), errors);
                }
            }

            if (rules["contains"] is { } contains && !array.Any(item => Passes(contains, baseId, item)))
            {
                errors.Add($"{path}: contains no item matching {contains.ToJsonString()}");
            }
        }

        if (rules["allOf"] is JsonArray allOf)
        {
            foreach (var sub in allOf)
            {
                Validate(sub!, baseId, instance, path, errors);
            }
        }

        if (rules["anyOf"] is JsonArray anyOf && !anyOf.Any(sub => Passes(sub!, baseId, instance)))
        {
            errors.Add($"{path}: matches none of the alternatives allowed here ({Describe(anyOf, baseId, instance)})");
        }

        if (rules["oneOf"] is JsonArray oneOf)
        {
            var matching = oneOf.Count(sub => Passes(sub!, baseId, instance));
            if (matching != 1)
            {
                errors.Add(matching == 0
                    ? $"{path}: matches none of the alternatives allowed here ({Describe(oneOf, baseId, instance)})"
                    : $"{path}: matches {matching} alternatives; expected exactly one");
            }
        }

        if (rules["not"] is { } not && Passes(not, baseId, instance))
        {
            errors.Add($"{path}: matches {not.ToJsonString()}, which is not allowed here");
        }
    }

    private bool Passes(JsonNode schema, string baseId, JsonNode? instance)
    {
        var errors = new List<string>();
        Validate(schema, baseId, instance, "$", errors);
        return errors.Count == 0;
    }

    /// <summary>The first alternative's violations, so a reader sees what was closest.</summary>
    private string Describe(JsonArray alternatives, string baseId, JsonNode? instance)
    {
        var errors = new List<string>();
        Validate(alternatives[0]!, baseId, instance, "", errors);
        return string.Join("; ", errors.Take(3));
    }

    private static bool MatchesType(JsonNode type, JsonNode? instance) =>
        type is JsonArray types ? types.Any(t => MatchesType(t!, instance)) : type.GetValue<string>() switch
        {
            "object" => instance is JsonObject,
            "array" => instance is JsonArray,
            "string" => instance is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String,
            "number" => instance is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number,
            "integer" => instance is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.ToJsonString().All(c => char.IsDigit(c) || c == '-'),
            "boolean" => instance is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "null" => instance is null,
            _ => true,
        };

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.GetValueKind().ToString().ToLowerInvariant() + " " + Show(node),
    };

    private static string Show(JsonNode? node) => node is null ? "null" : Expect.Clip(node.ToJsonString(), 120);
}
