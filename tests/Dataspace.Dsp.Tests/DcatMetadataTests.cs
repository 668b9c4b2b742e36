using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Tests;

public sealed class DcatMetadataTests
{
    private const string DatasetWithMetadata = """
        {
          "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"],
          "@id": "urn:uuid:dataset-1",
          "@type": "Dataset",
          "dct:title": "Weather observations",
          "dcat:keyword": ["weather", "observations"],
          "dct:issued": "2025-01-01",
          "hasPolicy": [{ "@id": "urn:uuid:offer-1", "@type": "Offer", "permission": [{ "action": "use" }] }],
          "distribution": [{ "@type": "Distribution", "format": "HttpData-PULL", "accessService": "urn:uuid:service-1", "dct:title": "Pull" }]
        }
        """;

    private readonly DspSerializer _serializer = new();

    [Fact]
    public async Task TryReadCanonical_DcatMetadataAsFullPathWritesIt_StaysOnFastPathWithSameRecord()
    {
        var json = Encoding.UTF8.GetBytes(DatasetWithMetadata);

        Assert.True(_serializer.TryReadCanonical<Dataset>(json, out var fast));
        var full = await _serializer.ReadExpandedAsync<Dataset>(JsonNode.Parse(json)!);

        Assert.Equal("Weather observations", fast.Extensions!["dct:title"].GetString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(_serializer.Write(fast)), JsonNode.Parse(_serializer.Write(full))));
    }

    [Theory]
    [InlineData("\"dct:title\": [\"single\"]")]
    [InlineData("\"dct:title\": { \"@value\": \"single\" }")]
    [InlineData("\"dcat:dataset\": \"urn:x\"")]
    [InlineData("\"ex:other\": \"x\"")]
    public void TryReadCanonical_MetadataNotInTheFormTheFullPathWrites_LeavesFastPath(string entry)
    {
        var json = Encoding.UTF8.GetBytes($$"""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@id": "urn:d", "@type": "Dataset", {{entry}} }""");

        Assert.False(_serializer.TryReadCanonical<Dataset>(json, out _));
    }

    [Fact]
    public async Task ReadAsync_EquivalentFormsOfDatasetWithMetadata_GiveTheCanonicalRecord()
    {
        var canonical = JsonNode.Parse(DatasetWithMetadata)!;
        Assert.True(_serializer.TryReadCanonical<Dataset>(Encoding.UTF8.GetBytes(DatasetWithMetadata), out var expectedRecord));
        var expected = JsonNode.Parse(_serializer.Write(expectedRecord));
        var forms = new NonCanonicalForms(new Random(20250101));

        for (var i = 0; i < 20; i++)
        {
            var (description, form) = await forms.RewriteAsync(canonical);

            var actual = JsonNode.Parse(_serializer.Write(await _serializer.ReadAsync<Dataset>(Encoding.UTF8.GetBytes(form.ToJsonString()))));

            Assert.True(JsonNode.DeepEquals(expected, actual), $"variant {i} ({description}):\n{form.ToJsonString()}\nread as {actual}\nexpected {expected}");
        }
    }
}
