using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Conformance.Tests.ThirdParty;

/// <summary>The catalog: the TCK's catalog fixtures and the negotiable datasets, each with one open offer.</summary>
internal sealed partial class MinimalConnector
{
    private const string ServiceId = "urn:example:minimal-connector:dsp";

    private IEnumerable<string> DatasetIds => ["CAT0101", "CAT0102", .. ProviderScripts.Keys];

    private JsonObject Dataset(string id) => new()
    {
        ["distribution"] = new JsonArray(new JsonObject { ["accessService"] = ServiceId, ["format"] = "HttpData-PULL", ["@type"] = "Distribution" }),
        ["hasPolicy"] = new JsonArray(new JsonObject
        {
            ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
            ["@type"] = "Offer",
            ["@id"] = $"CD123:{id}:456",
        }),
        ["@type"] = "Dataset",
        ["@id"] = id,
    };

    private async Task<IResult> CatalogAsync(HttpContext http)
    {
        var (body, refusal) = await ReadAsync(http, "CatalogRequestMessage", "CatalogError");
        if (body is null)
        {
            return refusal!;
        }

        return Results.Json(Message("Catalog",
            ("dataset", new JsonArray([.. DatasetIds.Select(id => (JsonNode)Dataset(id))])),
            ("service", new JsonArray(new JsonObject { ["endpointURL"] = DspBase, ["@type"] = "DataService", ["@id"] = ServiceId })),
            ("participantId", ParticipantId),
            ("@id", "urn:example:minimal-connector:catalog")));
    }

    private IResult DatasetAnswer(string id)
    {
        if (!DatasetIds.Contains(id, StringComparer.Ordinal))
        {
            return Error(404, "CatalogError", null, null, $"no dataset '{id}'");
        }

        var dataset = Dataset(id);
        dataset["@context"] = new JsonArray(DspContext);
        return Results.Json(dataset);
    }
}
