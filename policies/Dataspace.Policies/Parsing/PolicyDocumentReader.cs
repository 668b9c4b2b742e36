using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.JsonLd;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Model;

namespace Dataspace.Policies.Parsing;

/// <summary>Reads an ODRL policy from JSON-LD in any form (compacted with the DSP 2025-1 or ODRL context, or expanded).</summary>
/// <remarks>Thread-safe. Contexts come from the JSON-LD processor's embedded set; nothing is fetched unless its loader allows it.</remarks>
public sealed class PolicyDocumentReader
{
    private const string DspContextUrl = "https://w3id.org/dspace/2025/1/context.jsonld";
    private const string DspOdrlProfileUrl = "https://w3id.org/dspace/2025/1/odrl-profile.jsonld";

    private readonly JsonLdProcessor _processor;

    /// <summary>Creates a reader over a JSON-LD processor (the default one, with embedded contexts, if null).</summary>
    public PolicyDocumentReader(JsonLdProcessor? processor = null) => _processor = processor ?? new JsonLdProcessor();

    /// <summary>Expands the document and parses the policy in it.</summary>
    /// <exception cref="PolicyValidationException">The document is not JSON-LD, or not a valid ODRL policy; the errors carry JSON paths.</exception>
    public async Task<OdrlPolicy> ReadAsync(JsonNode document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document = WithDspOdrlProfile(document);
        JsonArray expanded;
        try
        {
            expanded = await _processor.ExpandAsync(document, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonLdException ex)
        {
            throw new PolicyValidationException([new PolicyError("$.@context", $"the document is not valid JSON-LD ({ex.Code}): {ex.Message}")]);
        }

        if (document is JsonObject root && root["@context"] is { } context)
        {
            await RejectDroppedTermsAsync(root, expanded, context, cancellationToken).ConfigureAwait(false);
        }

        return ExpandedPolicyParser.Parse(expanded);
    }

    /// <summary>Reads UTF-8 JSON and parses the policy in it.</summary>
    /// <exception cref="PolicyValidationException">The text is not JSON, not JSON-LD, or not a valid ODRL policy.</exception>
    public async Task<OdrlPolicy> ReadAsync(Stream utf8Json, CancellationToken cancellationToken)
    {
        JsonNode? document;
        try
        {
            document = await JsonNode.ParseAsync(utf8Json, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new PolicyValidationException([new PolicyError(ex.Path ?? "$", $"the document is not JSON: {ex.Message}")]);
        }

        return document is null
            ? throw new PolicyValidationException([new PolicyError("$", "the document is empty; expected a JSON-LD policy")])
            : await ReadAsync(document, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A policy in DSP form (DSP 2025-1 context only) is read with DSP's ODRL profile, as the DSP messages that carry
    /// policies import it; on its own the DSP context defines no ODRL terms and expansion would drop every rule.
    /// </summary>
    private static JsonNode WithDspOdrlProfile(JsonNode document)
    {
        if (document is not JsonObject root || root["@context"] is not { } context)
        {
            return document;
        }

        var entries = context is JsonArray array ? array.ToList() : [context];
        var urls = entries.OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>()).ToList();
        if (!urls.Contains(DspContextUrl, StringComparer.Ordinal) || urls.Contains(DspOdrlProfileUrl, StringComparer.Ordinal))
        {
            return document;
        }

        var copy = (JsonObject)root.DeepClone();
        copy["@context"] = new JsonArray([.. entries.Select(e => e?.DeepClone()), JsonValue.Create(DspOdrlProfileUrl)]);
        return copy;
    }

    // JSON-LD expansion silently drops properties its context does not define ("constraints" for "constraint"): a rule
    // would lose its constraints and permit more than written. Compacting the expansion back with the same context
    // shows which property names survived; any other name in the document was dropped, and the policy is rejected.
    private async Task RejectDroppedTermsAsync(JsonObject document, JsonArray expanded, JsonNode context, CancellationToken cancellationToken)
    {
        JsonObject compacted;
        try
        {
            compacted = await _processor.CompactAsync(expanded, context.DeepClone(), cancellationToken).ConfigureAwait(false);
        }
        catch (JsonLdException ex)
        {
            throw new PolicyValidationException([new PolicyError("$.@context", $"the document's context cannot be applied ({ex.Code}): {ex.Message}")]);
        }

        var kept = new HashSet<string>(StringComparer.Ordinal);
        CollectNames(compacted, kept);
        var errors = new List<PolicyError>();
        FindDropped(document, "$", kept, errors);
        if (errors.Count > 0)
        {
            throw new PolicyValidationException(errors);
        }
    }

    private static void CollectNames(JsonNode? node, HashSet<string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    names.Add(name);
                    CollectNames(value, names);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectNames(item, names);
                }

                break;
        }
    }

    private static void FindDropped(JsonNode? node, string path, HashSet<string> kept, List<PolicyError> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "@context")
                    {
                        continue;
                    }

                    // Only bare terms can be dropped; compact IRIs and IRIs always expand (and may compact to a term).
                    if (!name.StartsWith('@') && !name.Contains(':', StringComparison.Ordinal) && !kept.Contains(name))
                    {
                        errors.Add(new PolicyError($"{path}.{name}",
                            $"'{name}' is not defined by the document's context, so JSON-LD processing would drop it; a property the engine cannot read is never ignored"));
                        continue;
                    }

                    FindDropped(value, $"{path}.{name}", kept, errors);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    FindDropped(array[i], $"{path}[{i}]", kept, errors);
                }

                break;
        }
    }
}
