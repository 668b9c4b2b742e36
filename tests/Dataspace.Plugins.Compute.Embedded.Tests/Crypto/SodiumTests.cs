using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Crypto;

public sealed class SodiumTests
{
    // RFC 7748 section 5.2, first test vector.
    [Fact]
    public unsafe void X25519_Rfc7748Vector_MatchesPublishedOutput()
    {
        var scalar = Convert.FromHexString("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        var u = Convert.FromHexString("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        var output = new byte[32];
        int rc;
        fixed (byte* q = output) fixed (byte* n = scalar) fixed (byte* p = u) rc = Sodium.crypto_scalarmult_curve25519(q, n, p);
        Assert.Equal(0, rc);
        Assert.Equal("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", Convert.ToHexStringLower(output));
    }

    // RFC 9496 appendix A.1: multiples of the generator; 2·B.
    [Fact]
    public unsafe void Ristretto255_TwiceTheGenerator_MatchesRfc9496()
    {
        var two = new byte[32];
        two[0] = 2;
        var output = new byte[32];
        int rc;
        fixed (byte* q = output) fixed (byte* n = two) rc = Sodium.crypto_scalarmult_ristretto255_base(q, n);
        Assert.Equal(0, rc);
        Assert.Equal("6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919", Convert.ToHexStringLower(output));
    }
}
