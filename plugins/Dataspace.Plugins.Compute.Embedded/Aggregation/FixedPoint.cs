using System.Numerics;
using System.Runtime.InteropServices;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>
/// Reals as integers modulo 2^k: x is encoded as round(x·2^f) in two's complement, so sums of encodings decode to the
/// sum of the rounded reals as long as |sum| &lt; 2^(k−1−f).
/// </summary>
internal static class FixedPoint
{
    public static T Encode<T>(double value, int fractionalBits) where T : unmanaged, IBinaryInteger<T>
    {
        var scaled = Math.Round(value * Math.Pow(2, fractionalBits), MidpointRounding.ToEven);
        var limit = Math.Pow(2, Marshal.SizeOf<T>() * 8 - 1);
        if (!double.IsFinite(scaled) || Math.Abs(scaled) >= limit)
            throw new ArgumentOutOfRangeException(nameof(value), $"{value} does not fit {Marshal.SizeOf<T>() * 8}-bit fixed point with {fractionalBits} fractional bits.");
        return T.CreateTruncating((long)scaled);
    }

    public static double Decode<T>(T value, int fractionalBits) where T : unmanaged, IBinaryInteger<T>
        => ToSigned(value) / Math.Pow(2, fractionalBits);

    /// <summary>The two's-complement reading of a ring element.</summary>
    public static long ToSigned<T>(T value) where T : unmanaged, IBinaryInteger<T>
        => Marshal.SizeOf<T>() == 4 ? int.CreateTruncating(value) : long.CreateTruncating(value);
}
