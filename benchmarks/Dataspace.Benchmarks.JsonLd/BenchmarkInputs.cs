using System.Text.Json.Nodes;

namespace Dataspace.Benchmarks.JsonLd;

/// <summary>The benchmark's inputs, in canonical DSP 2025-1 form: a catalog of many datasets and a contract request.</summary>
internal static class BenchmarkInputs
{
    public static JsonObject Catalog(int datasets)
    {
        var list = new JsonArray();
        for (var i = 0; i < datasets; i++)
        {
            list.Add(new JsonObject
            {
                ["@id"] = $"urn:uuid:dataset-{i:D4}",
                ["@type"] = "Dataset",
                ["hasPolicy"] = new JsonArray(new JsonObject
                {
                    ["@id"] = $"urn:uuid:offer-{i:D4}",
                    ["@type"] = "Offer",
                    ["permission"] = new JsonArray(new JsonObject
                    {
                        ["action"] = "use",
                        ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = "spatial", ["operator"] = "eq", ["rightOperand"] = "http://example.org/EU" }),
                    }),
                }),
                ["distribution"] = new JsonArray(new JsonObject
                {
                    ["@type"] = "Distribution",
                    ["format"] = "HttpData-PULL",
                    ["accessService"] = "urn:uuid:service-1",
                }),
            });
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"),
            ["@id"] = "urn:uuid:catalog-1",
            ["@type"] = "Catalog",
            ["participantId"] = "urn:example:DataProviderA",
            ["service"] = new JsonArray(new JsonObject { ["@id"] = "urn:uuid:service-1", ["@type"] = "DataService", ["endpointURL"] = "https://provider-a.example/connector" }),
            ["dataset"] = list,
        };
    }

    public static JsonObject ContractRequest() => new()
    {
        ["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"),
        ["@type"] = "ContractRequestMessage",
        ["providerPid"] = "urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab",
        ["consumerPid"] = "urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833",
        ["offer"] = new JsonObject
        {
            ["@type"] = "Offer",
            ["@id"] = "urn:uuid:d526561f-528e-4d5a-ae12-9a9dd9b7a815",
            ["target"] = "urn:uuid:3dd1add8-4d2d-569e-d634-8394a8836a88",
            ["permission"] = new JsonArray(new JsonObject
            {
                ["action"] = "use",
                ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = "dateTime", ["operator"] = "lteq", ["rightOperand"] = "2023-12-31T06:00Z" }),
            }),
        },
        ["callbackAddress"] = "https://example.com/callback",
    };
}
