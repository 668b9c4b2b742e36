using System.IO.Compression;
using Dataspace.Identity.StatusLists;

namespace Dataspace.Identity.Tests;

public sealed class StatusListTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Encode_Decode_RoundTrips_WithOrWithoutPrefix(bool prefix)
    {
        var list = new StatusBitstring();
        list.Set(0, true);
        list.Set(42, true);
        list.Set(StatusBitstring.DefaultLength - 1, true);

        var encoded = list.Encode(prefix);

        Assert.Equal(prefix, encoded.StartsWith('u'));
        Assert.True(StatusBitstring.TryDecode(encoded, out var decoded, out var reason), reason);
        Assert.Equal(StatusBitstring.DefaultLength, decoded.Length);
        Assert.True(decoded.Get(0));
        Assert.True(decoded.Get(42));
        Assert.False(decoded.Get(43));
        Assert.True(decoded.Get(StatusBitstring.DefaultLength - 1));
    }

    [Fact]
    public void IndexZero_IsTheMostSignificantBitOfTheFirstByte()
    {
        // Bitstring Status List: "the first index, with a value of zero, is located at the left-most bit".
        var bytes = new byte[16];
        bytes[0] = 0b1000_0000;
        bytes[1] = 0b0000_0001;
        var encoded = Gzip(bytes);

        Assert.True(StatusBitstring.TryDecode(encoded, out var list, out _));
        Assert.True(list.Get(0));
        Assert.False(list.Get(7));
        Assert.True(list.Get(15));
        Assert.False(list.Get(8));
    }

    [Fact]
    public void Decode_AcceptsPaddedStandardBase64()
    {
        var bytes = new byte[] { 0xff, 0x00, 0x10 };
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        Assert.True(StatusBitstring.TryDecode(Convert.ToBase64String(buffer.ToArray()), out var list, out var reason), reason);
        Assert.True(list.Get(0));
        Assert.True(list.Get(19));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("u!!!", "not base64url")]
    [InlineData("uAAAA", "not GZIP")]
    public void Decode_Garbage_SaysWhy(string encoded, string expected)
    {
        Assert.False(StatusBitstring.TryDecode(encoded, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_OutOfRange_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new StatusBitstring(8).Set(8, true));

    private static string Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return "u" + System.Buffers.Text.Base64Url.EncodeToString(buffer.ToArray());
    }
}
