using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Crypto;

public sealed class Ristretto255ElementTests
{
    // RFC 9496 appendix A.2: invalid encodings (non-canonical field elements, negative, non-square x^2).
    [Theory]
    [InlineData("00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    [InlineData("f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    [InlineData("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    [InlineData("26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371")]
    public void TryDecode_NonCanonical_IsRefused(string hex)
    {
        Assert.False(Ristretto255Element.TryDecode(Convert.FromHexString(hex), out _));
        Assert.NotNull(Ristretto255Element.Validate(Convert.FromHexString(hex)));
    }

    [Fact]
    public void TryDecode_Identity_IsRefused()
        => Assert.Equal("the identity element is not allowed", Ristretto255Element.Validate(new byte[32]));

    [Fact]
    public void TryDecode_WrongLength_IsRefused()
        => Assert.False(Ristretto255Element.TryDecode(new byte[31], out _));

    [Fact]
    public void TryDecode_Generator_RoundTrips()
    {
        var encoded = Convert.FromHexString("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
        Assert.True(Ristretto255Element.TryDecode(encoded, out var element));
        Assert.Equal(encoded, element.ToArray());
    }

    [Fact]
    public void ScalarTryDecode_OrderAndAbove_IsRefused()
    {
        var order = Convert.FromHexString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        Assert.False(Ristretto255Scalar.TryDecode(order, out _));
        order[0]--;
        Assert.True(Ristretto255Scalar.TryDecode(order, out _));
        Assert.False(Ristretto255Scalar.TryDecode(Enumerable.Repeat((byte)0xff, 32).ToArray(), out _));
    }
}
