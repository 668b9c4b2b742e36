using System.Numerics;
using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

/// <summary>Number theory for <see cref="VflPaillierPrivateKey"/>: random primes, modular inverses, uniform sampling.</summary>
internal static class VflPaillierMath
{
    private static readonly int[] SmallPrimes = [.. Enumerable.Range(3, 2000).Where(IsSmallPrime)];

    /// <summary>A uniform integer in [0, bound), from the system CSPRNG (rejection sampling, no modulo bias).</summary>
    public static BigInteger RandomBelow(BigInteger bound)
    {
        if (bound.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        var bits = bound.GetBitLength();
        var bytes = new byte[(bits + 7) / 8 + 1];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes.AsSpan(0, bytes.Length - 1));
            bytes[^1] = 0; // keeps it positive (little-endian sign byte)
            var excess = (int)((8 * (bytes.Length - 1)) - bits);
            bytes[^2] &= (byte)(0xFF >> excess);
            var value = new BigInteger(bytes);
            if (value < bound) return value;
        }
    }

    /// <summary>A random prime of exactly <paramref name="bits"/> bits (top two bits set so pq has full length).</summary>
    public static BigInteger RandomPrime(int bits)
    {
        var top = (BigInteger.One << (bits - 1)) | (BigInteger.One << (bits - 2));
        while (true)
        {
            var candidate = RandomBelow(BigInteger.One << bits) | top | BigInteger.One;
            if (IsProbablePrime(candidate)) return candidate;
        }
    }

    /// <summary>Trial division by small primes, then 40 Miller–Rabin rounds with random bases (error below 2^-80).</summary>
    public static bool IsProbablePrime(BigInteger n)
    {
        if (n < 2) return false;
        foreach (var p in SmallPrimes)
        {
            if (n == p) return true;
            if ((n % p).IsZero) return false;
        }
        var d = n - 1;
        var s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }
        for (var round = 0; round < 40; round++)
        {
            var a = RandomBelow(n - 3) + 2;
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1) continue;
            var witness = true;
            for (var r = 1; r < s && witness; r++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1) witness = false;
            }
            if (witness) return false;
        }
        return true;
    }

    /// <summary>a⁻¹ mod m by the extended Euclidean algorithm; throws when a is not a unit.</summary>
    public static BigInteger ModInverse(BigInteger a, BigInteger m)
    {
        BigInteger r0 = m, r1 = ((a % m) + m) % m, t0 = 0, t1 = 1;
        while (!r1.IsZero)
        {
            var q = BigInteger.DivRem(r0, r1, out var r2);
            (r0, r1) = (r1, r2);
            (t0, t1) = (t1, t0 - (q * t1));
        }
        if (!r0.IsOne) throw new ArithmeticException("The value has no inverse modulo m.");
        return t0.Sign < 0 ? t0 + m : t0;
    }

    private static bool IsSmallPrime(int n)
    {
        for (var d = 2; d * d <= n; d++)
            if (n % d == 0) return false;
        return true;
    }
}
