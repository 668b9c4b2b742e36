using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Dsp;

namespace Dataspace.Connector.Policies;

/// <summary>
/// The meaning of a policy's rules as one string, so that two JSON-LD forms of the same ODRL rules compare equal and a
/// real difference does not.
/// </summary>
/// <remarks>
/// The DSP serializer has already compacted both sides with the DSP context. What is left are the forms JSON-LD treats as
/// the same graph: an array is a set (order and duplicates carry no meaning), a single value is a one-element array, an
/// empty array is no value, a node reference <c>{"@id": x}</c> is the IRI x, and <c>odrl:</c> or the full ODRL IRI name
/// the same term as the bare one. A rule's or constraint's <c>@type</c> only repeats what its position says. Only
/// <c>andSequence</c> is ordered.
/// </remarks>
internal static class OdrlCanonicalForm
{
    private const string OdrlNamespace = "http://www.w3.org/ns/odrl/2/";

    // The records' members in their JSON-LD names, so they meet what compaction left as extension members (a term whose
    // value was a string rather than an IRI compacts to odrl:term).
    private static readonly JsonSerializerOptions Names = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly HashSet<string> ImpliedTypes = new(StringComparer.Ordinal)
    {
        "Permission", "Prohibition", "Duty", "Obligation", "Rule", "Constraint", "LogicalConstraint",
    };

    /// <summary>The canonical text of a policy's permissions, prohibitions and obligations (not its id, target or parties).</summary>
    public static string Rules(OdrlPolicy policy)
    {
        var rules = new JsonObject
        {
            ["permission"] = JsonSerializer.SerializeToNode(policy.Permission ?? [], Names),
            ["prohibition"] = JsonSerializer.SerializeToNode(policy.Prohibition ?? [], Names),
            ["obligation"] = JsonSerializer.SerializeToNode(policy.Obligation ?? [], Names),
        };
        return Canonical(rules, ordered: false)?.ToJsonString() ?? "{}";
    }

    private static JsonNode? Canonical(JsonNode? node, bool ordered) => node switch
    {
        null => null,
        JsonObject o => CanonicalObject(o),
        JsonArray a => CanonicalArray(a, ordered),
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(Term(text)),
        _ => node.DeepClone(),
    };

    private static JsonNode? CanonicalObject(JsonObject o)
    {
        var members = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (key, value) in o)
        {
            var name = Term(key);
            if (name == "@type" && value is JsonValue t && t.TryGetValue<string>(out var type) && ImpliedTypes.Contains(Term(type)))
            {
                continue;
            }

            if (Canonical(value, ordered: name == "andSequence") is { } canonical)
            {
                members[name] = canonical;
            }
        }

        if (members.Count == 0)
        {
            return null;
        }

        // A node reference, or a plain literal in expanded form, is the value itself.
        if (members.Count == 1 && members.Keys.First() is "@id" or "@value")
        {
            return members.Values.First();
        }

        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            result[key] = value;
        }

        return result;
    }

    private static JsonNode? CanonicalArray(JsonArray a, bool ordered)
    {
        var items = a.Select(item => Canonical(item, ordered: false)).OfType<JsonNode>().ToList();
        if (!ordered)
        {
            // A set: order and repetition carry no meaning.
            items = [.. items.DistinctBy(i => i.ToJsonString()).OrderBy(i => i.ToJsonString(), StringComparer.Ordinal)];
        }

        return items.Count switch
        {
            0 => null,
            1 when !ordered => items[0],
            _ => new JsonArray([.. items]),
        };
    }

    private static string Term(string value) =>
        value.StartsWith(OdrlNamespace, StringComparison.Ordinal) ? value[OdrlNamespace.Length..]
        : value.StartsWith("odrl:", StringComparison.Ordinal) ? value["odrl:".Length..]
        : value;
}
