using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

internal static partial class TckCases
{
    private static IEnumerable<ConformanceCheck> MetadataAndCatalog() =>
    [
        new DspCheck("MET:01-01", "Verify metadata request",
            "GET {base url}/.well-known/dspace-version answers 200 with protocolVersions listing version 2025-1 with its path and binding.",
            async (party, ct) =>
            {
                var (status, metadata) = await party.GetVersionAsync(ct).ConfigureAwait(false);
                Expect.That(status == 200, $"GET /.well-known/dspace-version answered {status}; expected 200");
                var versions = metadata["protocolVersions"] as JsonArray;
                Expect.That(versions is not null && versions.Any(v => Expect.Text(v?["version"]) == "2025-1" && v!["path"] is not null && v["binding"] is not null),
                    $"the version document lists no 2025-1 version with path and binding: {Expect.Clip(metadata.ToJsonString())}");
            }),
        new DspCheck("CAT:01-01", "Verify catalog request",
            "A CatalogRequestMessage is answered with a Catalog whose datasets include the fixture dataset CAT_01_01_DATASETID.",
            async (party, ct) =>
            {
                var datasetId = party.Fixture("CAT_01_01_DATASETID");
                var catalog = await party.PostAsync("/catalog/request", DspMessages.CatalogRequest(), false, ct).ConfigureAwait(false);
                Expect.Type(catalog, "Catalog", "the answer to the catalog request");
                var datasets = catalog["dataset"] switch { JsonArray array => array, JsonObject single => [single.DeepClone()], _ => [] };
                Expect.That(datasets.Any(d => Expect.Text(d?["@id"]) == datasetId),
                    $"the catalog has no dataset '{datasetId}'; it lists {string.Join(", ", datasets.Select(d => Expect.Text(d?["@id"])))}");
            }),
        new DspCheck("CAT:01-02", "Verify dataset request",
            "GET /catalog/datasets/{CAT_01_02_DATASETID} answers 200 with that Dataset and its offers.",
            async (party, ct) =>
            {
                var datasetId = party.Fixture("CAT_01_02_DATASETID");
                var (status, dataset) = await party.GetAsync($"/catalog/datasets/{datasetId}", ct).ConfigureAwait(false);
                Expect.That(status == 200, $"GET /catalog/datasets/{datasetId} answered {status}; expected 200");
                Expect.Equal(datasetId, Expect.Text(dataset["@id"]), "the dataset's @id");
                Expect.That(dataset["hasPolicy"] is JsonArray { Count: > 0 } or JsonObject, $"the dataset has no offer (hasPolicy): {Expect.Clip(dataset.ToJsonString())}");
            }),
        new DspCheck("CAT:01-03", "Verify dataset request not found",
            "GET /catalog/datasets/{CAT_01_03_DATASETID} (a dataset the target does not have) answers 404 with a CatalogError.",
            async (party, ct) =>
            {
                var datasetId = party.Fixture("CAT_01_03_DATASETID");
                var (status, error) = await party.GetAsync($"/catalog/datasets/{datasetId}", ct).ConfigureAwait(false);
                Expect.That(status == 404, $"GET /catalog/datasets/{datasetId} answered {status}; expected 404");
                Expect.Type(error, "CatalogError", $"the answer to GET /catalog/datasets/{datasetId}");
            }),
    ];
}
