using System.Numerics;
using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>
/// Paillier's additively homomorphic encryption (Paillier 1999) with g = n + 1, on <see cref="BigInteger"/>:
/// Enc(m) = (1 + m·n)·rⁿ mod n², Dec(c) = L(c^λ mod n²)·μ mod n, Enc(a)·Enc(b) = Enc(a + b).
/// </summary>
internal static class Paillier
{
    /// <summary>The smallest modulus accepted (NIST SP 800-57: 2048-bit factoring moduli for 112-bit security).</summary>
    public const int MinimumBits = 2048;

    /// <summary>A fresh key pair with an n of exactly <paramref name="bits"/> bits.</summary>
    public static PaillierPrivateKey Generate(int bits = MinimumBits)
    {
        if (bits < MinimumBits || bits % 2 != 0) throw new ArgumentOutOfRangeException(nameof(bits), bits, $"A Paillier modulus has an even number of bits, at least {MinimumBits}.");
        while (true)
        {
            var p = Primes.Random(bits / 2);
            var q = Primes.Random(bits / 2);
            if (p == q) continue;
            var n = p * q;
            // gcd(pq, (p−1)(q−1)) = 1 holds for primes of equal length; n must have exactly the asked size.
            if (n.GetBitLength() != bits) continue;
            return new PaillierPrivateKey(p, q);
        }
    }

    /// <summary>Big-endian unsigned bytes of <paramref name="value"/>, left-padded to <paramref name="length"/>.</summary>
    public static void Write(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        if (length > destination.Length) throw new ArgumentException("The value does not fit.", nameof(destination));
        value.TryWriteBytes(destination[(destination.Length - length)..], out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Reads big-endian unsigned bytes.</summary>
    public static BigInteger Read(ReadOnlySpan<byte> source) => new(source, isUnsigned: true, isBigEndian: true);

    /// <summary>A uniform value in [1, bound) coprime to <paramref name="coprimeTo"/>.</summary>
    internal static BigInteger RandomUnit(BigInteger bound, BigInteger coprimeTo)
    {
        while (true)
        {
            var r = RandomBelow(bound);
            if (!r.IsZero && BigInteger.GreatestCommonDivisor(r, coprimeTo).IsOne) return r;
        }
    }

    /// <summary>A uniform value in [0, bound) by rejection sampling.</summary>
    internal static BigInteger RandomBelow(BigInteger bound)
    {
        var bits = bound.GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var excess = (int)(bytes.Length * 8 - bits);
            bytes[0] &= (byte)(0xff >> excess);
            var value = Read(bytes);
            if (value < bound) return value;
        }
    }
}
