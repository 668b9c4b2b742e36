using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Negotiation;
using Dataspace.Dsp;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Turns a dataset of a member's catalog into what the search index keeps, whatever prefixes (or full IRIs) the member's properties use.</summary>
internal static class DatasetIndexer
{
    // Bounds on what one dataset brings into the index: a member's catalog is the member's to fill.
    private const int MaxText = 8 * 1024;
    private const int MaxValues = 64;

    /// <summary>The dataset as indexed, or null when it has no id (it could not be negotiated for).</summary>
    public static FederatedDataset? Index(Dataset dataset)
    {
        if (string.IsNullOrWhiteSpace(dataset.Id))
        {
            return null;
        }

        string? title = null, description = null, classification = null, record = null;
        var keywords = new List<string>();
        var mediaTypes = new List<string>();
        var properties = new JsonObject();
        foreach (var (name, value) in dataset.Extensions ?? [])
        {
            switch (PolicyFeatures.LocalName(name))
            {
                case "title":
                    title ??= Cut(Texts(value).FirstOrDefault());
                    break;
                case "description":
                    description ??= Cut(Texts(value).FirstOrDefault());
                    break;
                case "keyword" or "keywords":
                    keywords.AddRange(Texts(value));
                    break;
                case "classification" or "classificationLevel":
                    classification ??= Cut(Texts(value).FirstOrDefault());
                    properties[name] = JsonNode.Parse(value.GetRawText());
                    break;
                case "registrationRecord":
                    // Kept out of the searchable properties: trusted only once verified (CatalogCrawler.Registrations).
                    record ??= Texts(value).FirstOrDefault();
                    break;
                case "mediaType":
                    mediaTypes.AddRange(Texts(value));
                    properties[name] = JsonNode.Parse(value.GetRawText());
                    break;
                default:
                    properties[name] = JsonNode.Parse(value.GetRawText());
                    break;
            }
        }

        foreach (var distribution in dataset.Distribution ?? [])
        {
            foreach (var (name, value) in distribution.Extensions ?? [])
            {
                if (PolicyFeatures.LocalName(name) == "mediaType")
                {
                    mediaTypes.AddRange(Texts(value));
                }
            }
        }

        var policies = dataset.HasPolicy ?? [];
        var offers = new JsonArray([.. policies.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["policy"] = NegotiationManager.ToJson(p) })]);
        return new FederatedDataset(
            dataset.Id,
            title,
            description,
            Bound(keywords),
            classification,
            Bound(mediaTypes),
            Bound((dataset.Distribution ?? []).Select(d => d.Format).OfType<string>()),
            PolicyFeatures.Of(policies),
            offers.ToJsonString(),
            properties.ToJsonString()) { RegistrationRecord = record };
    }

    private static List<string> Bound(IEnumerable<string> values) =>
        [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => Cut(v.Trim())!).Distinct(StringComparer.Ordinal).Take(MaxValues)];

    private static string? Cut(string? text) => text is null || text.Length <= MaxText ? text : text[..MaxText];

    // The texts of a JSON-LD value: a string, a value object (language-tagged), a number, or an array of those.
    private static IEnumerable<string> Texts(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                yield return value.GetString()!;
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                yield return value.GetRawText();
                break;
            case JsonValueKind.Object when value.TryGetProperty("@value", out var inner) || value.TryGetProperty("@id", out inner):
                foreach (var text in Texts(inner))
                {
                    yield return text;
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    foreach (var text in Texts(item))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }
}
