using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dataspace.Testing;
using NJsonSchema;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// Validates DSP messages against the 2025-1 JSON schemas in ../shared/dsp-2025-1, choosing the schema by the message's
/// <c>@type</c>. The schemas' <c>$ref</c>s name w3id.org URLs; they are mapped to the local files.
/// </summary>
internal sealed class DspSchemaValidator
{
    private const string IdPrefix = "https://w3id.org/dspace/2025/1/";
    private static readonly string[] Folders = ["catalog", "negotiation", "transfer", "common"];
    private static readonly Lazy<DspSchemaValidator> SharedInstance = new(() => new DspSchemaValidator(RepositoryPaths.SharedPath("dsp-2025-1")));

    private readonly string _root;
    private readonly ConcurrentDictionary<string, Lazy<JsonSchema>> _schemas = new(StringComparer.Ordinal);

    private DspSchemaValidator(string root) => _root = root;

    public static DspSchemaValidator Instance => SharedInstance.Value;

    /// <summary>The schema file for a message type: <c>ContractNegotiationError</c> is <c>negotiation/contract-negotiation-error-schema.json</c>.</summary>
    public string? SchemaFileFor(string type)
    {
        var name = string.Concat(type.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())) + "-schema.json";
        return Folders.Select(f => Path.Combine(_root, f, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>The schema violations of <paramref name="json"/>; empty when it is valid. Throws when no schema exists for its type.</summary>
    public IReadOnlyList<string> Validate(string json)
    {
        var type = JsonNode.Parse(json)?["@type"]?.GetValue<string>() ?? throw new InvalidOperationException("the message has no string @type: " + json);
        var file = SchemaFileFor(type) ?? throw new InvalidOperationException($"no DSP schema for @type '{type}'");
        var schema = _schemas.GetOrAdd(file, f => new Lazy<JsonSchema>(() => LoadAsync(f).GetAwaiter().GetResult())).Value;
        return [.. schema.Validate(json).Select(e => e.ToString())];
    }

    /// <summary>
    /// Bundles every schema file into one document (each file under <c>definitions/&lt;folder&gt;_&lt;file&gt;</c>, every
    /// <c>$ref</c> rewritten to point inside it), so NJsonSchema resolves all references, cyclic ones too, locally.
    /// </summary>
    private Task<JsonSchema> LoadAsync(string file)
    {
        var definitions = new JsonObject();
        foreach (var folder in Folders)
        {
            foreach (var path in Directory.EnumerateFiles(Path.Combine(_root, folder), "*-schema.json"))
            {
                var schema = JsonNode.Parse(Preprocess(File.ReadAllText(path)))!.AsObject();
                schema.Remove("$id");
                schema.Remove("$schema");
                RewriteRefs(schema, Key(path));
                definitions[Key(path)] = schema;
            }
        }

        var root = new JsonObject
        {
            ["definitions"] = definitions,
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/definitions/" + Key(file) }),
        };
        return JsonSchema.FromJsonAsync(root.ToJsonString(), CancellationToken.None);
    }

    private string Key(string path) =>
        Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '_').Replace(".json", "", StringComparison.Ordinal);

    private static void RewriteRefs(JsonNode? node, string self)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"]?.GetValue<string>() is { } reference)
                {
                    var hash = reference.IndexOf('#', StringComparison.Ordinal);
                    var document = hash < 0 ? reference : reference[..hash];
                    var pointer = hash < 0 ? "" : reference[(hash + 1)..];
                    if (pointer.Length > 0 && pointer[0] != '/')
                    {
                        pointer = "/" + pointer; // one schema writes "#definitions/..."
                    }

                    var target = document.Length == 0 ? self
                        : document.StartsWith(IdPrefix, StringComparison.Ordinal) ? document[IdPrefix.Length..].Replace('/', '_').Replace(".json", "", StringComparison.Ordinal)
                        : throw new InvalidOperationException($"schema reference outside DSP 2025-1: {reference}");
                    o["$ref"] = "#/definitions/" + target + pointer;
                }

                foreach (var (_, child) in o.ToList())
                {
                    RewriteRefs(child, self);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    RewriteRefs(child, self);
                }

                break;
        }
    }

    /// <summary>NJsonSchema does not know draft 2019-09's <c>const</c>; <c>enum</c> with one value means the same.</summary>
    private static string Preprocess(string schemaJson)
    {
        var node = JsonNode.Parse(schemaJson)!;
        Rewrite(node);
        return node.ToJsonString();

        static void Rewrite(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    if (o["const"] is { } value && o["enum"] is null)
                    {
                        o.Remove("const");
                        o["enum"] = new JsonArray(value.DeepClone());
                    }

                    foreach (var (_, child) in o.ToList())
                    {
                        Rewrite(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Rewrite(child);
                    }

                    break;
            }
        }
    }
}
