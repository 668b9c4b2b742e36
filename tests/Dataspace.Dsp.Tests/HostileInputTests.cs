using System.Text;
using Dataspace.JsonLd;

namespace Dataspace.Dsp.Tests;

/// <summary>Hostile or broken input gets a DSP or JSON-LD error saying what was wrong, never a crash, on both paths.</summary>
public sealed class HostileInputTests
{
    private const string Head = """{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractRequestMessage", "consumerPid": "c", """;

    private readonly DspSerializer _serializer = new();

    [Theory]
    [InlineData(200)]
    [InlineData(100_000)]
    public async Task ReadAsync_DeeplyNestedRightOperand_FailsWithMaximumDepth(int depth)
    {
        var json = Head + """ "offer": { "@id": "o", "permission": [{ "action": "use", "constraint": [{ "leftOperand": "x", "operator": "eq", "rightOperand": """
            + new string('[', depth) + "1" + new string(']', depth) + " }] }] } }";

        Assert.False(_serializer.TryReadCanonical<ContractRequestMessage>(Encoding.UTF8.GetBytes(json), out _));
        var error = await Assert.ThrowsAsync<JsonLdException>(() => _serializer.ReadAsync<ContractRequestMessage>(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(JsonLdErrorCode.MaxDepthExceeded, error.Code);
    }

    [Fact]
    public async Task ReadAsync_DeeplyNestedLogicalConstraints_FailsWithMaximumDepth()
    {
        var nested = """{ "leftOperand": "x", "operator": "eq", "rightOperand": "a" }""";
        for (var i = 0; i < 200; i++)
        {
            nested = $$"""{ "and": [{{nested}}, { "leftOperand": "y", "operator": "eq", "rightOperand": "b" }] }""";
        }

        var json = Encoding.UTF8.GetBytes(Head + $$""" "offer": { "@id": "o", "permission": [{ "action": "use", "constraint": [{{nested}}] }] } }""");

        Assert.False(_serializer.TryReadCanonical<ContractRequestMessage>(json, out _));
        var error = await Assert.ThrowsAsync<JsonLdException>(() => _serializer.ReadAsync<ContractRequestMessage>(json));
        Assert.Equal(JsonLdErrorCode.MaxDepthExceeded, error.Code);
    }

    [Fact]
    public async Task ReadAsync_HugeIdentifierWithinTheSizeLimit_IsReadWhole()
    {
        var pid = new string('p', 4 * 1024 * 1024);
        var json = Encoding.UTF8.GetBytes($$"""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", "providerPid": "{{pid}}", "consumerPid": "c" }""");

        Assert.True(_serializer.TryReadCanonical<TransferCompletionMessage>(json, out var fast));
        Assert.Equal(pid, fast.ProviderPid);
        Assert.Equal(pid, (await _serializer.ReadAsync<TransferCompletionMessage>(json)).ProviderPid);
    }

    [Fact]
    public async Task ReadAsync_MessageOverTheSizeLimit_FailsWithMaximumSize()
    {
        var serializer = new DspSerializer(maxMessageBytes: 1024);
        var json = Encoding.UTF8.GetBytes($$"""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", "providerPid": "{{new string('p', 2048)}}", "consumerPid": "c" }""");

        Assert.False(serializer.TryReadCanonical<TransferCompletionMessage>(json, out _));
        var error = await Assert.ThrowsAsync<JsonLdException>(() => serializer.ReadAsync<TransferCompletionMessage>(json));
        Assert.Equal(JsonLdErrorCode.MaxSizeExceeded, error.Code);
    }

    [Theory]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", "providerPid": "p", "providerPid": "q", "consumerPid": "c" }""", "providerPid")]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", "@type": "TransferCompletionMessage", "providerPid": "p", "consumerPid": "c" }""", "@type")]
    [InlineData("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractRequestMessage", "consumerPid": "c", "offer": { "@id": "o", "@id": "p" } }""", "@id")]
    public async Task ReadAsync_MemberGivenTwice_FailsNamingIt(string json, string member)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var read = json.Contains("ContractRequestMessage", StringComparison.Ordinal)
            ? (Func<Task>)(() => _serializer.ReadAsync<ContractRequestMessage>(bytes))
            : () => _serializer.ReadAsync<TransferCompletionMessage>(bytes);

        var error = await Assert.ThrowsAsync<DspMessageException>(read);

        Assert.Contains(member, error.Message, StringComparison.Ordinal);
        Assert.Contains("only once", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"providerPid\": 42, \"consumerPid\": \"c\"", "providerPid")]
    [InlineData("\"providerPid\": [\"p\", \"q\"], \"consumerPid\": \"c\"", "providerPid")]
    [InlineData("\"providerPid\": \"p\", \"consumerPid\": { \"x\": 1 }", "consumerPid")]
    [InlineData("\"providerPid\": \"p\", \"consumerPid\": null", "consumerPid")]
    [InlineData("\"providerPid\": \"p\"", "consumerPid")]
    public async Task ReadAsync_MemberOfTheWrongType_FailsWithDspMessageException(string members, string named)
    {
        var json = Encoding.UTF8.GetBytes($$"""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", {{members}} }""");

        Assert.False(_serializer.TryReadCanonical<TransferCompletionMessage>(json, out _));
        var error = await Record.ExceptionAsync(() => _serializer.ReadAsync<TransferCompletionMessage>(json));

        Assert.True(error is DspMessageException or JsonLdException, $"expected a DSP or JSON-LD error, got {error}");
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'}', (byte)'{', (byte)'}' })]
    [InlineData(new byte[] { (byte)'n', (byte)'u', (byte)'l', (byte)'l' })]
    [InlineData(new byte[] { (byte)'{', (byte)'/', (byte)'/', (byte)'}' })]
    public async Task ReadAsync_NotOneJsonDocument_FailsWithLoadingDocumentFailed(byte[] json)
    {
        Assert.False(_serializer.TryReadCanonical<TransferCompletionMessage>(json, out _));
        var error = await Assert.ThrowsAsync<JsonLdException>(() => _serializer.ReadAsync<TransferCompletionMessage>(json));

        Assert.Equal(JsonLdErrorCode.LoadingDocumentFailed, error.Code);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8InAString_FailsWithoutCrashing()
    {
        var json = Encoding.UTF8.GetBytes("""{ "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "TransferCompletionMessage", "providerPid": "pX", "consumerPid": "c" }""");
        json[Array.IndexOf(json, (byte)'X')] = 0xFF;

        Assert.False(_serializer.TryReadCanonical<TransferCompletionMessage>(json, out _));
        var error = await Assert.ThrowsAsync<JsonLdException>(() => _serializer.ReadAsync<TransferCompletionMessage>(json));

        Assert.Equal(JsonLdErrorCode.LoadingDocumentFailed, error.Code);
    }
}
