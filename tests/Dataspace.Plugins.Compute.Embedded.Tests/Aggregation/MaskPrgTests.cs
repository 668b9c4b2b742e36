using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Aggregation;

public sealed class MaskPrgTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1003)]
    [InlineData(70_001)]
    public void Accumulate_Vectorised_EqualsPlatformAesCounterMode(int length)
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray();
        var fast = new uint[length];
        var portable = new uint[length];
        MaskPrg.Accumulate<uint>(seed, fast, subtract: false);
        MaskPrg.AccumulatePortable<uint>(seed, portable, subtract: false);
        Assert.Equal(portable, fast);
        Assert.Contains(fast, v => v != 0);
    }

    [Fact]
    public void Accumulate_FirstBlock_IsAesOfCounterZero()
    {
        var seed = Convert.FromHexString("000102030405060708090a0b0c0d0e0f" + new string('0', 32));
        var stream = new ulong[2];
        MaskPrg.Accumulate<ulong>(seed, stream, subtract: false);
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = seed[..16];
        var expected = aes.EncryptEcb(new byte[16], System.Security.Cryptography.PaddingMode.None);
        Assert.Equal(expected, stream.SelectMany(BitConverter.GetBytes).ToArray());
    }

    [Fact]
    public void Accumulate_AddThenSubtract_RestoresTheVector()
    {
        var seed = new byte[32];
        seed[5] = 9;
        var vector = Enumerable.Range(0, 1001).Select(i => (ulong)i * 3).ToArray();
        var copy = (ulong[])vector.Clone();
        MaskPrg.Accumulate<ulong>(seed, vector, subtract: false);
        Assert.NotEqual(copy, vector);
        MaskPrg.Accumulate<ulong>(seed, vector, subtract: true);
        Assert.Equal(copy, vector);
    }

    [Fact]
    public void Shamir_AnyThresholdShares_RecoverTheSecret_FewerDoNot()
    {
        var secret = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
        var shares = Shamir.Split(secret, 3, [1, 2, 3, 4, 5]);
        var recovered = new byte[32];
        Assert.True(Shamir.TryCombine([(2, shares[1]), (5, shares[4]), (1, shares[0])], recovered));
        Assert.Equal(secret, recovered);
        Assert.True(Shamir.TryCombine([(3, shares[2]), (4, shares[3]), (5, shares[4])], recovered));
        Assert.Equal(secret, recovered);
        // Two shares of a degree-2 polynomial give (with overwhelming probability) a value that is not the secret.
        var fromTwo = new byte[32];
        Assert.False(Shamir.TryCombine([(1, shares[0]), (2, shares[1])], fromTwo) && fromTwo.SequenceEqual(secret));
    }
}
