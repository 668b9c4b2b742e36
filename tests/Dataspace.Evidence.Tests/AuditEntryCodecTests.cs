using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Evidence.Entries;
using Dataspace.Sdk.Audit;

namespace Dataspace.Evidence.Tests;

public sealed class AuditEntryCodecTests
{
    [Fact]
    public void Encode_writes_members_in_fixed_order_and_decode_reads_them_back()
    {
        var record = new AuditRecord
        {
            Type = AuditRecordTypes.Agreement,
            Actor = "did:web:a.example",
            AgreementId = "urn:uuid:1",
            Digest = "sha256:00",
            Details = new JsonObject { ["b"] = 1, ["a"] = "x" },
        };
        var time = new DateTimeOffset(2026, 1, 31, 13, 0, 0, 500, TimeSpan.FromHours(1));
        var bytes = AuditEntryCodec.Encode(record, time);
        Assert.Equal(
            """{"type":"agreement","time":"2026-01-31T12:00:00.5Z","actor":"did:web:a.example","agreementId":"urn:uuid:1","digest":"sha256:00","details":{"b":1,"a":"x"}}""",
            Encoding.UTF8.GetString(bytes));

        var (decoded, decodedTime) = AuditEntryCodec.Decode(bytes);
        Assert.Equal(time, decodedTime);
        Assert.Equal(record.Type, decoded.Type);
        Assert.Equal(record.Actor, decoded.Actor);
        Assert.Null(decoded.CounterParty);
        Assert.Equal(record.AgreementId, decoded.AgreementId);
        Assert.Equal(record.Details.ToJsonString(), decoded.Details!.ToJsonString());
        Assert.Equal(bytes, AuditEntryCodec.Encode(decoded, decodedTime));
    }

    [Theory]
    [InlineData("", "not valid UTF-8 JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"time":"2026-01-31T12:00:00Z"}""", "no 'type'")]
    [InlineData("""{"type":"x"}""", "'time'")]
    [InlineData("""{"type":"x","time":"2026-01-31T12:00:00+01:00"}""", "RFC 3339 UTC")]
    [InlineData("""{"type":"x","time":"2026-01-31T12:00:00Z","extra":"y"}""", "unknown member 'extra'")]
    [InlineData("""{"type":"x","time":"2026-01-31T12:00:00Z","type":"y"}""", "twice")]
    [InlineData("""{"type":"x","time":"2026-01-31T12:00:00Z","actor":5}""", "'actor' must be a string")]
    [InlineData("""{"type":"x","time":"2026-01-31T12:00:00Z","details":[]}""", "'details' must be a JSON object")]
    public void Decode_rejects_malformed_entries_with_a_reason(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => AuditEntryCodec.Decode(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_rejects_invalid_utf8_inside_a_string()
    {
        byte[] data = [.. "{\"type\":\""u8, 0xC3, 0x28, .. "\",\"time\":\"2026-01-31T12:00:00Z\"}"u8];
        var e = Assert.Throws<FormatException>(() => AuditEntryCodec.Decode(data));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_requires_a_type()
    {
        Assert.Throws<ArgumentException>(() => AuditEntryCodec.Encode(new AuditRecord { Type = "" }, DateTimeOffset.UnixEpoch));
    }
}
