using System.Text;
using System.Text.Json.Nodes;
using Dataspace.JsonLd;
using Dataspace.Testing;

namespace Dataspace.Dsp.Tests;

/// <summary>
/// Property test of the fast path's canonical-form detection: over seeded changes to every DSP example, whatever the
/// fast path accepts reads to the same record as the full path, and whatever it refuses the full path reads or refuses
/// with a DSP or JSON-LD error.
/// </summary>
public sealed class CanonicalFormTests
{
    private const int MutationsPerExample = 150;
    private readonly DspSerializer _serializer = new();

    [SharedTheory]
    [MemberData(nameof(DspExamples.Names), MemberType = typeof(DspExamples))]
    public Task TryReadCanonical_MutatedExample_AcceptsOnlyWhatTheFullPathReadsTheSame(string example) =>
        CheckMutationsAsync(example, DspExamples.Bytes(example));

    [Theory]
    [MemberData(nameof(TestMessages.Names), MemberType = typeof(TestMessages))]
    public Task TryReadCanonical_MutatedWrittenRecord_AcceptsOnlyWhatTheFullPathReadsTheSame(string type) =>
        CheckMutationsAsync(type, TestMessages.Write(_serializer, TestMessages.All[type]));

    private async Task CheckMutationsAsync(string name, byte[] json)
    {
        var reader = DspExamples.ReaderFor(json);
        var mutations = new CanonicalMutations(new Random(NonCanonicalFormsTests.StableSeed(name)));
        var (accepted, refused) = (0, 0);

        for (var i = 0; i < MutationsPerExample; i++)
        {
            var (description, text) = mutations.Mutate(JsonNode.Parse(json)!);
            var bytes = Encoding.UTF8.GetBytes(text);

            var fast = reader.Canonical(_serializer, bytes);

            if (fast is not null)
            {
                accepted++;
                var full = await reader.Expanded(_serializer, JsonNode.Parse(bytes)!);
                Assert.True(JsonNode.DeepEquals(fast, full), $"{name}, mutation {i} ({description}):\n{text}\nfast {fast}\nfull {full}");
            }
            else
            {
                refused++;
                var error = await Record.ExceptionAsync(() => reader.Read(_serializer, bytes));
                Assert.True(error is null or DspMessageException or JsonLdException, $"{name}, mutation {i} ({description}):\n{Shorten(text)}\nfailed with {error}");
                Assert.True(error is null || error.Message.Length > 0);
            }
        }

        Assert.True(accepted > 0 && refused > 0, $"{name}: {accepted} mutations stayed canonical and {refused} did not; the test needs both.");
    }

    [Theory]
    [InlineData("nested @context", """{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "Catalog", "dataset": [{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@id": "d", "@type": "Dataset" }] }""")]
    [InlineData("distribution without its @type", """{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "Catalog", "distribution": [{ "format": "x" }] }""")]
    [InlineData("offers on the catalog", """{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "Catalog", "hasPolicy": [{ "@id": "o", "@type": "Offer" }] }""")]
    [InlineData("null member", """{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "Catalog", "participantId": null }""")]
    public async Task TryReadCanonical_CatalogTheFullPathReadsDifferently_TakesTheFullPath(string why, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.False(_serializer.TryReadCanonical<Catalog>(bytes, out _), why);
        var read = _serializer.Write(await _serializer.ReadAsync<Catalog>(bytes));
        var expanded = _serializer.Write(await _serializer.ReadExpandedAsync<Catalog>(JsonNode.Parse(bytes)!));
        Assert.Equal(Encoding.UTF8.GetString(expanded), Encoding.UTF8.GetString(read));
    }

    [Theory]
    [InlineData("prefixed @type and action", """{ "@id": "o", "@type": "odrl:Offer", "permission": [{ "action": "odrl:use" }] }""")]
    [InlineData("target in the ODRL namespace", """{ "@id": "o", "target": "http://www.w3.org/ns/odrl/2/t" }""")]
    [InlineData("action as a node reference", """{ "@id": "o", "permission": [{ "action": { "@id": "use" } }] }""")]
    [InlineData("one-item right operand array", """{ "@id": "o", "permission": [{ "action": "use", "constraint": [{ "leftOperand": "x", "operator": "eq", "rightOperand": ["a"] }] }] }""")]
    [InlineData("single constraint in 'and'", """{ "@id": "o", "permission": [{ "action": "use", "constraint": [{ "and": [{ "leftOperand": "x", "operator": "eq", "rightOperand": "a" }] }] }] }""")]
    [InlineData("timestamp outside an agreement", """{ "@id": "o", "timestamp": "2025-01-01T00:00:00Z" }""")]
    [InlineData("one-item profile array", """{ "@id": "o", "profile": ["https://profile.example"] }""")]
    public void TryReadCanonical_OfferTheFullPathReadsDifferently_TakesTheFullPath(string why, string offer)
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractRequestMessage", "consumerPid": "c", "offer": {{offer}} }""");

        Assert.False(_serializer.TryReadCanonical<ContractRequestMessage>(bytes, out _), why);
    }

    [Theory]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractNegotiationEventMessage", "providerPid": "p", "consumerPid": "c", "eventType": "dspace:ACCEPTED" }""")]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractNegotiationEventMessage", "providerPid": "p", "consumerPid": "c", "eventType": "https://w3id.org/dspace/2025/1/ACCEPTED" }""")]
    public async Task ReadAsync_EventTypeUnderTheDspNamespace_ReadsAsTheTermByTheFullPath(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.False(_serializer.TryReadCanonical<ContractNegotiationEventMessage>(bytes, out _));
        Assert.Equal("ACCEPTED", (await _serializer.ReadAsync<ContractNegotiationEventMessage>(bytes)).EventType);
    }

    [Fact]
    public async Task ReadAsync_DataAddressWithoutItsType_FailsSayingWhatIsMissing()
    {
        var bytes = Encoding.UTF8.GetBytes("""
            { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferStartMessage", "providerPid": "p", "consumerPid": "c",
              "dataAddress": { "endpointType": "https://w3id.org/idsa/v4.1/HTTP", "endpoint": "https://x.example" } }
            """);

        Assert.False(_serializer.TryReadCanonical<TransferStartMessage>(bytes, out _));
        var error = await Assert.ThrowsAsync<DspMessageException>(() => _serializer.ReadAsync<TransferStartMessage>(bytes));
        Assert.Contains("endpointType", error.Message, StringComparison.Ordinal);
    }

    private static string Shorten(string text) => text.Length > 2000 ? text[..2000] + "..." : text;
}
