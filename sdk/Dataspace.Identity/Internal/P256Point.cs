using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Dataspace.Identity.Internal;

/// <summary>SEC1 compression of P-256 points, which did:key uses for zDn… keys.</summary>
internal static class P256Point
{
    private static readonly BigInteger P = BigInteger.Parse("0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger B = BigInteger.Parse("05ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", System.Globalization.NumberStyles.HexNumber);

    public static byte[] Compress(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) => [(byte)((y[^1] & 1) == 0 ? 0x02 : 0x03), .. x];

    public static bool TryDecompress(ReadOnlySpan<byte> compressed, [NotNullWhen(true)] out byte[]? x, [NotNullWhen(true)] out byte[]? y)
    {
        x = y = null;
        if (compressed.Length != 33 || (compressed[0] != 0x02 && compressed[0] != 0x03))
        {
            return false;
        }

        var xi = new BigInteger(compressed[1..], isUnsigned: true, isBigEndian: true);
        if (xi >= P)
        {
            return false;
        }

        // y^2 = x^3 - 3x + b (mod p); p = 3 (mod 4), so a square root is (y^2)^((p+1)/4).
        var rhs = Mod(BigInteger.ModPow(xi, 3, P) - 3 * xi + B);
        var yi = BigInteger.ModPow(rhs, (P + 1) / 4, P);
        if (BigInteger.ModPow(yi, 2, P) != rhs)
        {
            return false;
        }

        if ((yi.IsEven ? 0x02 : 0x03) != compressed[0])
        {
            yi = P - yi;
        }

        x = compressed[1..].ToArray();
        y = ToFixed(yi);
        return true;
    }

    private static BigInteger Mod(BigInteger v) => ((v % P) + P) % P;

    private static byte[] ToFixed(BigInteger v)
    {
        var bytes = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[32];
        bytes.CopyTo(result, 32 - bytes.Length);
        return result;
    }
}
