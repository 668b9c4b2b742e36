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
    private readonly JsonLdProcessor _processor;

    /// <summary>Creates a reader over a JSON-LD processor (the default one, with embedded contexts, if null).</summary>
    public PolicyDocumentReader(JsonLdProcessor? processor = null) => _processor = processor ?? new JsonLdProcessor();

    /// <summary>Expands the document and parses the policy in it.</summary>
    /// <exception cref="PolicyValidationException">The document is not JSON-LD, or not a valid ODRL policy; the errors carry JSON paths.</exception>
    public async Task<OdrlPolicy> ReadAsync(JsonNode document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        JsonArray expanded;
        try
        {
            expanded = await _processor.ExpandAsync(document, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonLdException ex)
        {
            throw new PolicyValidationException([new PolicyError("$.@context", $"the document is not valid JSON-LD ({ex.Code}): {ex.Message}")]);
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
}
