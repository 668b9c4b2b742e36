using System.Text;
using System.Text.Json.Nodes;
using Dataspace.JsonLd;
using Dataspace.Testing;

namespace Dataspace.Dsp.Tests;

public sealed class DspSerializerTests
{
    private readonly DspSerializer _serializer = new();

    [SharedTheory]
    [MemberData(nameof(DspExamples.Names), MemberType = typeof(DspExamples))]
    public void TryReadCanonical_DspExample_ReadsAndWritesBackTheSameJson(string example)
    {
        var json = DspExamples.Bytes(example);

        var written = DspExamples.ReaderFor(json).Canonical(_serializer, json);

        Assert.NotNull(written);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), written), $"{example} did not round-trip:\n{written}");
    }

    [SharedTheory]
    [MemberData(nameof(DspExamples.Names), MemberType = typeof(DspExamples))]
    public async Task ReadExpandedAsync_DspExample_GivesTheSameRecordAsTheFastPath(string example)
    {
        var json = DspExamples.Bytes(example);
        var reader = DspExamples.ReaderFor(json);

        var fast = reader.Canonical(_serializer, json);
        var full = await reader.Expanded(_serializer, JsonNode.Parse(json)!);

        Assert.True(JsonNode.DeepEquals(fast, full), $"{example}:\nfast {fast}\nfull {full}");
    }

    [Fact]
    public async Task ReadAsync_PrefixedTerms_TakesFullPathAndKeepsIdsOpaque()
    {
        var json = Encoding.UTF8.GetBytes("""
            { "@context": { "dspace": "https://w3id.org/dspace/2025/1/" },
              "@type": "dspace:ContractNegotiationEventMessage",
              "dspace:providerPid": { "@id": "provider-1" },
              "dspace:consumerPid": { "@id": "consumer-1" },
              "dspace:eventType": { "@id": "dspace:ACCEPTED" } }
            """);

        Assert.False(_serializer.TryReadCanonical<ContractNegotiationEventMessage>(json, out _));
        var message = await _serializer.ReadAsync<ContractNegotiationEventMessage>(json);

        Assert.Equal("provider-1", message.ProviderPid);
        Assert.Equal("consumer-1", message.ConsumerPid);
        Assert.Equal("ACCEPTED", message.EventType);
    }

    [Fact]
    public async Task ReadAsync_WrongType_FailsSayingWhichTypeWasExpected()
    {
        var json = Encoding.UTF8.GetBytes("""
            { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", "providerPid": "a", "consumerPid": "b" }
            """);

        var ex = await Assert.ThrowsAsync<DspMessageException>(() => _serializer.ReadAsync<TransferTerminationMessage>(json));

        Assert.Contains("TransferTerminationMessage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingRequiredProperty_FailsWithDspMessageException()
    {
        var json = Encoding.UTF8.GetBytes("""
            { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", "providerPid": "a" }
            """);

        var ex = await Assert.ThrowsAsync<DspMessageException>(() => _serializer.ReadAsync<TransferCompletionMessage>(json));

        Assert.Contains("consumerPid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_InvalidJson_FailsWithLoadingDocumentFailed()
    {
        var ex = await Assert.ThrowsAsync<JsonLdException>(() => _serializer.ReadAsync<TransferCompletionMessage>("{ \"@type\": "u8.ToArray()));

        Assert.Equal(JsonLdErrorCode.LoadingDocumentFailed, ex.Code);
    }

    [Fact]
    public void Constructor_ProcessorWithBaseIri_IsRejected()
    {
        var processor = new JsonLdProcessor(new JsonLdOptions { Base = new Uri("https://example.com/") });

        Assert.Throws<ArgumentException>(() => new DspSerializer(processor));
    }

    [Fact]
    public void Write_Message_PutsContextAndTypeFirst()
    {
        var message = new TransferCompletionMessage { ProviderPid = "p", ConsumerPid = "c" };

        var json = Encoding.UTF8.GetString(_serializer.Write(message));

        Assert.Equal("""{"@context":["https://w3id.org/dspace/2025/1/context.jsonld"],"@type":"TransferCompletionMessage","providerPid":"p","consumerPid":"c"}""", json);
    }
}
