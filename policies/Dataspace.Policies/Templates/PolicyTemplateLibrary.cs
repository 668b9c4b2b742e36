using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Dataspace.Policies.Templates;

/// <summary>The policy templates: the built-in library (policies/templates, embedded) or a directory of template files.</summary>
/// <remarks>Immutable; to change templates at run time, load a new library and swap the reference.</remarks>
public sealed class PolicyTemplateLibrary
{
    private const string ResourcePrefix = "Dataspace.Policies.Templates.";

    private readonly FrozenDictionary<string, PolicyTemplate> _templates;

    private PolicyTemplateLibrary(IEnumerable<PolicyTemplate> templates)
    {
        var map = new Dictionary<string, PolicyTemplate>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            if (!map.TryAdd(template.Id, template))
            {
                throw new InvalidDataException($"Policy template '{template.Id}' is defined twice.");
            }
        }

        _templates = map.ToFrozenDictionary(StringComparer.Ordinal);
        Templates = [.. _templates.Values.OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    /// <summary>The built-in templates, embedded in this assembly.</summary>
    public static PolicyTemplateLibrary BuiltIn { get; } = LoadBuiltIn();

    /// <summary>Every template, ordered by id.</summary>
    public IReadOnlyList<PolicyTemplate> Templates { get; }

    /// <summary>The template with the given id, or null.</summary>
    public PolicyTemplate? Find(string id) => _templates.GetValueOrDefault(id);

    /// <summary>Loads every <c>*.json</c> template in a directory.</summary>
    /// <exception cref="InvalidDataException">A file is not a valid template.</exception>
    public static PolicyTemplateLibrary LoadDirectory(string directory) =>
        new(Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(file =>
        {
            using var stream = File.OpenRead(file);
            return Read(stream, file);
        }));

    private static PolicyTemplateLibrary LoadBuiltIn()
    {
        var assembly = typeof(PolicyTemplateLibrary).Assembly;
        return new PolicyTemplateLibrary(assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                return Read(stream, name);
            }));
    }

    private static PolicyTemplate Read(Stream stream, string source)
    {
        try
        {
            return PolicyTemplate.Load(JsonNode.Parse(stream) as JsonObject ?? throw new InvalidDataException($"{source} is not a JSON object."));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {ex.Message}", ex);
        }
    }
}
