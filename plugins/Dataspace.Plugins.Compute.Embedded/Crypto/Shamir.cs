using System.Numerics;
using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>
/// Shamir t-of-n secret sharing of 32-byte secrets over the prime field of p = 2^521 − 1 (a Mersenne prime, so every
/// 256-bit secret is a field element and shares need no encoding tricks). Share x-coordinates are the parties'
/// 1-based indices.
/// </summary>
internal static class Shamir
{
    /// <summary>Bytes of one share value (little-endian, below p).</summary>
    public const int ShareBytes = 66;

    private static readonly BigInteger Prime = (BigInteger.One << 521) - 1;

    /// <summary>Splits a 32-byte secret so that any <paramref name="threshold"/> of the shares at <paramref name="xs"/> recover it.</summary>
    public static byte[][] Split(ReadOnlySpan<byte> secret, int threshold, IReadOnlyList<int> xs)
    {
        if (secret.Length != 32) throw new ArgumentException("A shared secret has 32 bytes.", nameof(secret));
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        if (xs.Count < threshold) throw new ArgumentException($"{xs.Count} shares cannot meet a threshold of {threshold}.", nameof(xs));
        var coefficients = new BigInteger[threshold];
        coefficients[0] = new BigInteger(secret, isUnsigned: true);
        for (var i = 1; i < threshold; i++) coefficients[i] = RandomElement();
        var shares = new byte[xs.Count][];
        for (var s = 0; s < xs.Count; s++)
        {
            if (xs[s] < 1) throw new ArgumentException("Share x-coordinates start at 1.", nameof(xs));
            // Horner's rule: f(x) = c0 + x(c1 + x(c2 + ...)).
            var y = BigInteger.Zero;
            for (var i = threshold - 1; i >= 0; i--) y = (y * xs[s] + coefficients[i]) % Prime;
            shares[s] = Encode(y);
        }
        return shares;
    }

    /// <summary>Recovers the secret from shares (x, value) by Lagrange interpolation at 0; false when the shares are not of a 32-byte secret.</summary>
    public static bool TryCombine(IReadOnlyList<(int X, byte[] Value)> shares, Span<byte> secret)
    {
        if (secret.Length != 32) throw new ArgumentException("A shared secret has 32 bytes.", nameof(secret));
        var sum = BigInteger.Zero;
        for (var i = 0; i < shares.Count; i++)
        {
            if (!TryDecode(shares[i].Value, out var yi)) return false;
            BigInteger numerator = 1, denominator = 1;
            for (var j = 0; j < shares.Count; j++)
            {
                if (i == j) continue;
                if (shares[i].X == shares[j].X) return false;
                numerator = numerator * (Prime - shares[j].X) % Prime;
                denominator = denominator * (((BigInteger)shares[i].X - shares[j].X + Prime) % Prime) % Prime;
            }
            var lagrange = numerator * BigInteger.ModPow(denominator, Prime - 2, Prime) % Prime;
            sum = (sum + yi * lagrange) % Prime;
        }
        if (sum.GetByteCount(isUnsigned: true) > 32) return false;
        secret.Clear();
        sum.TryWriteBytes(secret, out _, isUnsigned: true);
        return true;
    }

    /// <summary>Whether a share value is a well-formed field element.</summary>
    public static bool IsValidShare(ReadOnlySpan<byte> value) => value.Length == ShareBytes && new BigInteger(value, isUnsigned: true) < Prime;

    private static bool TryDecode(byte[] value, out BigInteger y)
    {
        y = value.Length == ShareBytes ? new BigInteger(value, isUnsigned: true) : Prime;
        return y < Prime;
    }

    private static byte[] Encode(BigInteger y)
    {
        var bytes = new byte[ShareBytes];
        y.TryWriteBytes(bytes, out _, isUnsigned: true);
        return bytes;
    }

    private static BigInteger RandomElement()
    {
        Span<byte> buffer = stackalloc byte[ShareBytes];
        while (true)
        {
            RandomNumberGenerator.Fill(buffer);
            buffer[ShareBytes - 1] &= 0x01; // 521 bits
            var value = new BigInteger(buffer, isUnsigned: true);
            if (value < Prime) return value;
        }
    }
}
