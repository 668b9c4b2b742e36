using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Tests;

/// <summary>Every message type, both directions: a record written canonically reads back by the fast path to the same record, and the full path agrees.</summary>
public sealed class RoundTripTests
{
    private readonly DspSerializer _serializer = new();

    [Theory]
    [MemberData(nameof(TestMessages.Names), MemberType = typeof(TestMessages))]
    public async Task Write_ThenRead_GivesTheSameRecordByBothPaths(string type)
    {
        var written = TestMessages.Write(_serializer, TestMessages.All[type]);
        var reader = DspExamples.ReaderFor(written);

        var fast = reader.Canonical(_serializer, written);
        var full = await reader.Expanded(_serializer, JsonNode.Parse(written)!);

        Assert.NotNull(fast);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(written), fast), $"{type} did not round-trip by the fast path:\nwritten {JsonNode.Parse(written)}\nread {fast}");
        Assert.True(JsonNode.DeepEquals(fast, full), $"{type}:\nfast {fast}\nfull {full}");
    }

    [Fact]
    public void TestMessages_CoverEveryMessageType()
    {
        var types = typeof(IDspMessage).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && typeof(IDspMessage).IsAssignableFrom(t) && t != typeof(Distribution) && t != typeof(DataService))
            .Select(t => t.Name);

        Assert.Equal(types.Order(StringComparer.Ordinal), TestMessages.All.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Write_DataAddressBuiltWithoutType_CarriesTheTypesDspRequires()
    {
        var json = JsonNode.Parse(TestMessages.Write(_serializer, TestMessages.All[TransferStartMessage.TypeName]))!;

        Assert.Equal("DataAddress", json["dataAddress"]!["@type"]!.GetValue<string>());
        Assert.Equal("EndpointProperty", json["dataAddress"]!["endpointProperties"]![0]!["@type"]!.GetValue<string>());
    }
}
