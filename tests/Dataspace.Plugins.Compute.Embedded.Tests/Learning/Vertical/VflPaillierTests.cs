using System.Numerics;
using Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Learning.Vertical;

public sealed class VflPaillierTests
{
    // One small key for the whole class: key generation is the slow part and the properties do not depend on size.
    private static readonly VflPaillierPrivateKey Key = VflPaillierPrivateKey.Generate(512);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(123456789012345)]
    [InlineData(-987654321098765)]
    public void Decrypt_OfEncrypt_ReturnsTheSignedPlaintext(long m)
    {
        var pk = Key.PublicKey;
        Assert.Equal(new BigInteger(m), pk.Signed(Key.Decrypt(pk.Encrypt(m))));
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_GivesDifferentCiphertexts()
    {
        var pk = Key.PublicKey;
        Assert.NotEqual(pk.Encrypt(42), pk.Encrypt(42));
        var c = pk.Encrypt(42);
        var r = pk.Rerandomize(c);
        Assert.NotEqual(c, r);
        Assert.Equal(42, (int)Key.Decrypt(r));
    }

    [Fact]
    public void HomomorphicOperations_MatchPlaintextArithmetic()
    {
        var pk = Key.PublicKey;
        Assert.Equal(-5, (int)pk.Signed(Key.Decrypt(pk.Add(pk.Encrypt(7), pk.Encrypt(-12)))));
        Assert.Equal(107, (int)pk.Signed(Key.Decrypt(pk.AddPlain(pk.Encrypt(7), 100))));
        var values = new long[] { 3, -8, 0, 1000, -1 };
        var scalars = new long[] { 5, 7, -9, -2, -1 };
        var ciphertexts = values.Select(v => pk.Encrypt(v)).ToList();
        var expected = values.Zip(scalars, (v, k) => v * k).Sum();
        Assert.Equal(expected, (long)pk.Signed(Key.Decrypt(pk.DotProduct(ciphertexts, scalars))));
    }

    [Fact]
    public void Decrypt_WithCrt_EqualsTextbookDecryption()
    {
        // Textbook Paillier: m = L(c^λ mod n²)·μ mod n with λ = (p−1)(q−1), μ = L(g^λ mod n²)⁻¹ mod n, g = n + 1.
        var p = VflPaillierMath.RandomPrime(128);
        var q = VflPaillierMath.RandomPrime(128);
        Assert.NotEqual(p, q);
        var key = VflPaillierPrivateKey.FromPrimes(p, q);
        var n = p * q;
        var nn = n * n;
        var lambda = (p - 1) * (q - 1);
        BigInteger L(BigInteger x) => (x - 1) / n;
        var mu = VflPaillierMath.ModInverse(L(BigInteger.ModPow(n + 1, lambda, nn)), n);
        for (var i = 0; i < 20; i++)
        {
            var m = VflPaillierMath.RandomBelow(n);
            var c = key.PublicKey.Encrypt(m);
            Assert.Equal(m, (L(BigInteger.ModPow(c, lambda, nn)) * mu) % n);
            Assert.Equal(m, key.Decrypt(c));
        }
    }

    [Fact]
    public void IsProbablePrime_KnownPrimesAndComposites()
    {
        Assert.True(VflPaillierMath.IsProbablePrime((BigInteger.One << 127) - 1)); // Mersenne prime M127
        Assert.True(VflPaillierMath.IsProbablePrime(BigInteger.Parse("170141183460469231731687303715884105727", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(VflPaillierMath.IsProbablePrime(561)); // Carmichael number
        Assert.False(VflPaillierMath.IsProbablePrime((BigInteger.One << 128) + 1)); // F7, composite
        Assert.False(VflPaillierMath.IsProbablePrime(((BigInteger.One << 127) - 1) * ((BigInteger.One << 89) - 1)));
    }

    [Fact]
    public void Generate_GivesAModulusOfTheRequestedSize()
    {
        Assert.Equal(512, Key.PublicKey.Bits);
        Assert.True(Key.PublicKey.IsCiphertext(Key.PublicKey.Encrypt(1)));
        Assert.False(Key.PublicKey.IsCiphertext(Key.PublicKey.NSquared));
        Assert.False(Key.PublicKey.IsCiphertext(0));
    }
}
