using System.Numerics;
using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>Random probable primes for Paillier keys: trial division by small primes, then Miller–Rabin.</summary>
internal static class Primes
{
    // 64 rounds with random bases: error below 2^-128 for any candidate (FIPS 186-5 asks for fewer at 1024 bits).
    private const int Rounds = 64;
    private static readonly int[] Small = SmallPrimes(2000);

    /// <summary>A random prime of exactly <paramref name="bits"/> bits whose two top bits are set (so p·q has 2·bits bits).</summary>
    public static BigInteger Random(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 16);
        var bytes = new byte[(bits + 7) / 8];
        var excess = bytes.Length * 8 - bits;
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[0] &= (byte)(0xff >> excess);
            bytes[0] |= (byte)(0xc0 >> excess);
            bytes[^1] |= 1;
            var candidate = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (IsProbablePrime(candidate)) return candidate;
        }
    }

    /// <summary>Miller–Rabin with random bases after trial division.</summary>
    public static bool IsProbablePrime(BigInteger n)
    {
        if (n < 2) return false;
        foreach (var p in Small)
        {
            if (n == p) return true;
            if (n % p == 0) return false;
        }
        var d = n - 1;
        var s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }
        for (var round = 0; round < Rounds; round++)
        {
            var a = 2 + Paillier.RandomBelow(n - 3);
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1) continue;
            var composite = true;
            for (var i = 1; i < s && composite; i++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1) composite = false;
            }
            if (composite) return false;
        }
        return true;
    }

    private static int[] SmallPrimes(int limit)
    {
        var sieve = new bool[limit + 1];
        var primes = new List<int>();
        for (var i = 2; i <= limit; i++)
        {
            if (sieve[i]) continue;
            primes.Add(i);
            for (var j = i * i; j <= limit; j += i) sieve[j] = true;
        }
        return [.. primes];
    }
}
