using System.Text.Json.Nodes;
using Dataspace.Testing;

namespace Dataspace.Conformance.Tests.Dsp;

/// <summary>The embedded DSP 2025-1 schemas and the suite's validator, against the specification's own files and examples.</summary>
public sealed class DspSchemasTests
{
    public static TheoryData<string> Examples() =>
        RepositoryPaths.SharedExists
            ? [.. Directory.GetFiles(RepositoryPaths.SharedPath("dsp-2025-1"), "*.json", SearchOption.AllDirectories)
                .Where(f => f.Contains($"{Path.DirectorySeparatorChar}example{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains("did-service", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(RepositoryPaths.SharedPath("dsp-2025-1"), f))]
            : ["(../shared absent)"];

    [SharedFact]
    public void EmbeddedSchemas_AreTheSpecificationsFiles()
    {
        var files = Directory.GetFiles(RepositoryPaths.SharedPath("dsp-2025-1"), "*-schema.json", SearchOption.AllDirectories);

        Assert.Equal(files.Length, DspSchemas.Instance.Ids.Count);
        foreach (var file in files)
        {
            var schema = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.Contains(schema["$id"]!.GetValue<string>(), DspSchemas.Instance.Ids);
        }
    }

    [SharedTheory]
    [MemberData(nameof(Examples))]
    public void SpecificationExample_IsValidAgainstItsTypesSchema(string example)
    {
        var message = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedPath("dsp-2025-1", example)))!;
        var type = message is JsonObject o && o.ContainsKey("@type") ? o["@type"]!.GetValue<string>() : null;
        var schema = DspSchemas.SchemaFor(type, message);

        Assert.NotNull(schema);
        Assert.Empty(DspSchemas.Instance.Validate(schema, message));
    }

    [Theory]
    [InlineData("""{ "@context": ["https://example.org/other"], "@type": "ContractNegotiation", "providerPid": "p", "consumerPid": "c", "state": "REQUESTED" }""", "contains no item matching")]
    [InlineData("""{ "@context": "https://w3id.org/dspace/2025/1/context.jsonld", "@type": "ContractNegotiation", "providerPid": "p", "consumerPid": "c", "state": "REQUESTED" }""", "$.@context: is string")]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractNegotiation", "providerPid": "p", "state": "REQUESTED" }""", "lacks the required member 'consumerPid'")]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractNegotiation", "providerPid": "p", "consumerPid": "c", "state": "DONE" }""", "$.state: is \"DONE\"; expected one of")]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractOfferMessage", "providerPid": "p", "consumerPid": "c", "callbackAddress": "https://x", "offer": { "@id": "o", "@type": "Offer", "target": "t", "permission": [ { "action": "use" } ] } }""", "matches 2 alternatives")]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferStartMessage", "providerPid": "p", "consumerPid": "c", "dataAddress": { "endpointType": "https://w3id.org/idsa/v4.1/HTTP" } }""", "$.dataAddress: lacks the required member '@type'")]
    public void BrokenMessage_IsInvalid_SayingWhere(string json, string expected)
    {
        var message = JsonNode.Parse(json)!;
        var schema = DspSchemas.SchemaFor(message["@type"]!.GetValue<string>(), message)!;

        var errors = DspSchemas.Instance.Validate(schema, message);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
