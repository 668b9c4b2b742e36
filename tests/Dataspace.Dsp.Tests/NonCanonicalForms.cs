using System.Text.Json.Nodes;
using Dataspace.JsonLd;

namespace Dataspace.Dsp.Tests;

/// <summary>Rewrites a canonical DSP message into JSON-LD-equivalent non-canonical forms, driven by a seeded random source.</summary>
internal sealed class NonCanonicalForms(Random random)
{
    private static readonly JsonObject PrefixContext = new()
    {
        ["dspace"] = "https://w3id.org/dspace/2025/1/",
        ["odrl"] = "http://www.w3.org/ns/odrl/2/",
        ["dcat"] = "http://www.w3.org/ns/dcat#",
        ["dct"] = "http://purl.org/dc/terms/",
    };

    private readonly JsonLdProcessor _processor = new();

    public async Task<(string Description, JsonNode Form)> RewriteAsync(JsonNode canonical)
    {
        var (description, form) = random.Next(4) switch
        {
            0 => ("expanded", (JsonNode)await _processor.ExpandAsync(canonical)),
            1 => ("prefixed terms", await _processor.CompactAsync(canonical, PrefixContext.DeepClone())),
            2 => ("extra context", WithContext(canonical, new JsonArray(DspContext.Url, new JsonObject { ["ex"] = "http://example.com/ns#" }))),
            _ => ("context as a string", WithContext(canonical, JsonValue.Create(DspContext.Url))),
        };
        return ($"{description}, reshaped", Reshape(form)!);
    }

    private static JsonObject WithContext(JsonNode canonical, JsonNode context)
    {
        var copy = canonical.DeepClone().AsObject();
        copy["@context"] = context;
        return copy;
    }

    /// <summary>Shuffles keys, wraps single values in arrays and unwraps one-item arrays: all JSON-LD-equivalent changes.</summary>
    private JsonNode? Reshape(JsonNode? node, string? key = null)
    {
        switch (node)
        {
            case JsonObject map:
                {
                    var result = new JsonObject();
                    foreach (var (k, v) in map.OrderBy(_ => random.Next()).ToList())
                    {
                        // A value object's keywords take single values only (an array @type is invalid JSON-LD).
                        result[k] = k == "@context" || (k.StartsWith('@') && map.ContainsKey("@value")) ? v?.DeepClone() : Reshape(v, k);
                    }

                    return result;
                }

            case JsonArray array:
                {
                    var items = array.Select(i => Reshape(i)).ToList();
                    if (items.Count == 1 && Reshapeable(key) && random.Next(2) == 0)
                    {
                        return items[0];
                    }

                    var result = new JsonArray();
                    foreach (var item in items)
                    {
                        result.Add(item);
                    }

                    return result;
                }

            default:
                var copy = node?.DeepClone();
                return Reshapeable(key) && copy is not null && random.Next(3) == 0 ? new JsonArray(copy) : copy;
        }
    }

    private static bool Reshapeable(string? key) => key is not null && (key == "@type" || !key.StartsWith('@'));
}
