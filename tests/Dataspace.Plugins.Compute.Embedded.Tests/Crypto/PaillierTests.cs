using System.Numerics;
using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Crypto;

public sealed class PaillierTests
{
    // Key generation costs seconds: one key for the class's checks, made once.
    private static readonly Lazy<PaillierPrivateKey> Key = new(() => Paillier.Generate(2048));

    [Fact]
    public void Generate_MakesAModulusOfExactly2048Bits_FromTwoPrimes()
    {
        var key = Key.Value;
        Assert.Equal(2048, key.Public.N.GetBitLength());
        Assert.Equal(256, key.Public.ModulusBytes);
        var (p, q) = key.Factors;
        Assert.True(Primes.IsProbablePrime(p));
        Assert.True(Primes.IsProbablePrime(q));
        Assert.Equal(key.Public.N, p * q);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2047)]
    public void Generate_BelowTheMinimumOrOdd_Throws(int bits)
        => Assert.Throws<ArgumentOutOfRangeException>(() => Paillier.Generate(bits));

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(123_456_789L)]
    [InlineData(long.MaxValue)]
    [InlineData(-42L)]
    public void EncryptThenDecrypt_ReturnsThePlaintext_ByBothEncryptionPaths(long value)
    {
        var key = Key.Value;
        var m = key.Public.Encode(value);
        Assert.Equal(value, (long)key.Public.Decode(key.Decrypt(key.Public.Encrypt(m))));
        Assert.Equal(value, (long)key.Public.Decode(key.Decrypt(key.Encrypt(m))));
    }

    [Fact]
    public void Encrypt_IsRandomised()
    {
        var key = Key.Value;
        Assert.NotEqual(key.Encrypt(7), key.Encrypt(7));
        Assert.NotEqual(key.Public.Encrypt(7), key.Public.Encrypt(7));
    }

    [Fact]
    public void Add_OfCiphertexts_DecryptsToTheSumOfSignedValues()
    {
        var key = Key.Value;
        long[] values = [5, -17, 1_000_000_007, 0, -3];
        var sum = BigInteger.One;
        foreach (var v in values) sum = key.Public.Add(sum, key.Encrypt(key.Public.Encode(v)));
        Assert.Equal(values.Sum(), (long)key.Public.Decode(key.Decrypt(sum)));
        Assert.Equal(values.Sum() + 100, (long)key.Public.Decode(key.Decrypt(key.Public.AddPlain(sum, 100))));
    }

    [Fact]
    public void IsValidCiphertext_RefusesZeroTooLargeAndNonUnits()
    {
        var key = Key.Value;
        var (p, _) = key.Factors;
        Assert.False(key.Public.IsValidCiphertext(BigInteger.Zero));
        Assert.False(key.Public.IsValidCiphertext(key.Public.NSquared));
        Assert.False(key.Public.IsValidCiphertext(p));
        Assert.True(key.Public.IsValidCiphertext(key.Encrypt(1)));
        Assert.Throws<ArgumentException>(() => key.Decrypt(BigInteger.Zero));
    }

    [Fact]
    public void WriteThenRead_RoundTripsBigEndianPadded()
    {
        var bytes = new byte[8];
        Paillier.Write(0x0102, bytes);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 1, 2 }, bytes);
        Assert.Equal(new BigInteger(0x0102), Paillier.Read(bytes));
    }

    [Fact]
    public void PublicKey_RefusesASmallOrEvenModulus()
    {
        Assert.Throws<ArgumentException>(() => new PaillierPublicKey(BigInteger.Pow(2, 1023) + 1));
        Assert.Throws<ArgumentException>(() => new PaillierPublicKey(BigInteger.Pow(2, 2048)));
    }

    [Theory]
    [InlineData("2", true)]
    [InlineData("561", false)]                                       // Carmichael number
    [InlineData("170141183460469231731687303715884105727", true)]    // 2^127 − 1
    [InlineData("340282366920938463463374607431768211457", false)]   // 2^128 + 1
    public void IsProbablePrime_KnownNumbers(string number, bool prime)
        => Assert.Equal(prime, Primes.IsProbablePrime(BigInteger.Parse(number, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ModInverse_IsTheInverse()
    {
        var inverse = PaillierPrivateKey.ModInverse(17, 3120);
        Assert.Equal(2753, inverse);
    }
}
