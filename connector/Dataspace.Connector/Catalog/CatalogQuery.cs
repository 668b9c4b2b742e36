using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Catalog;

/// <summary>
/// The paging a catalog request's filter asks for. EDC consumers always send one EDC QuerySpec (limit, offset,
/// sortOrder ASC and an empty filterExpression); we honour its paging and refuse what we cannot apply (expressions,
/// another sort), so a requester never mistakes an unfiltered catalog for a filtered one.
/// </summary>
/// <param name="Offset">How many visible datasets to skip.</param>
/// <param name="Limit">The most datasets to return, or null for the configured page size.</param>
internal sealed record CatalogQuery(int Offset, int? Limit)
{
    private const string Edc = "https://w3id.org/edc/v0.0.1/ns/";

    /// <summary>No filter: the first page, of the configured size.</summary>
    public static CatalogQuery None { get; } = new(0, null);

    /// <summary>Reads the filter of a catalog request (as the DSP reader gives it: EDC terms as full IRIs); false with the reason when it cannot be applied.</summary>
    public static bool TryRead(IReadOnlyList<JsonNode>? filter, out CatalogQuery query, out string? error)
    {
        query = None;
        error = null;
        if (filter is null || filter.Count == 0)
        {
            return true;
        }

        if (filter.Count > 1 || filter[0] is not JsonObject spec || !IsQuerySpec(spec["@type"]))
        {
            error = $"this catalog supports one filter, an EDC QuerySpec ({Edc}QuerySpec) with limit, offset, sortOrder ASC and an empty filterExpression";
            return false;
        }

        if (!TryInteger(spec, "offset", 0, out var offset, out error) || !TryInteger(spec, "limit", 1, out var limit, out error))
        {
            return false;
        }

        if (spec[Edc + "sortOrder"] is { } order && !(Scalar(order) is { } o && o.TryGetValue<string>(out var text) && string.Equals(text, "ASC", StringComparison.OrdinalIgnoreCase)))
        {
            error = $"the QuerySpec's sortOrder {order.ToJsonString()} is not supported; datasets come in ascending order of their id (sortOrder ASC)";
            return false;
        }

        if (spec[Edc + "sortField"] is { } field)
        {
            error = $"the QuerySpec's sortField {field.ToJsonString()} is not supported; leave it out (datasets come in order of their id)";
            return false;
        }

        if (spec[Edc + "filterExpression"] is { } expressions && (expressions is not JsonArray array || array.Count > 0))
        {
            error = "the QuerySpec's filterExpression is not supported by this catalog; send it empty";
            return false;
        }

        query = new CatalogQuery(offset ?? 0, limit);
        return true;
    }

    private static bool IsQuerySpec(JsonNode? type) =>
        type is JsonValue value && value.TryGetValue<string>(out var text) && text == Edc + "QuerySpec";

    private static bool TryInteger(JsonObject spec, string name, int minimum, out int? result, out string? error)
    {
        result = null;
        error = null;
        if (spec[Edc + name] is not { } given)
        {
            return true;
        }

        var node = Scalar(given);
        if (node is not null && node.GetValueKind() == JsonValueKind.Number && node.TryGetValue<int>(out var number) && number >= minimum)
        {
            result = number;
            return true;
        }

        error = $"the QuerySpec's {name} must be an integer of at least {minimum}, got {given.ToJsonString()}";
        return false;
    }

    // A value object ({"@value": 50}) is what a typed or non-native literal compacts to; its value is what counts.
    private static JsonValue? Scalar(JsonNode? node) => node switch
    {
        JsonValue value => value,
        JsonObject o when o["@value"] is JsonValue inner => inner,
        JsonArray { Count: 1 } a => Scalar(a[0]),
        _ => null,
    };
}
