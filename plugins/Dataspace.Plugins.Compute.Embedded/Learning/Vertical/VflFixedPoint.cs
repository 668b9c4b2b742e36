using System.Numerics;

namespace Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

/// <summary>
/// The fixed-point encoding of <c>vfl/lr:1</c>. A real x is the integer round(x·2^k) mod n (negatives as n − |v|):
/// linear predictors u with k = 32 (<see cref="UScale"/>), features x with k = 20 (<see cref="XScale"/>). A
/// gradient Σ d·x with d encoded as 4·d·2^32 comes out at scale 4·2^52 and is decoded by dividing by it.
/// </summary>
internal static class VflFixedPoint
{
    public const int UBits = 32;
    public const int XBits = 20;
    public static readonly double UScale = Math.Pow(2, UBits);
    public static readonly double XScale = Math.Pow(2, XBits);

    /// <summary>Features beyond this magnitude are refused: their encoding must fit a 64-bit exponent with room.</summary>
    public const double MaxFeature = 1e6;

    public static BigInteger EncodeU(double u) => new(Math.Round(u * UScale));

    public static long EncodeX(double x) => (long)Math.Round(x * XScale);

    /// <summary>Decodes a signed gradient sum at scale 4·2^32·2^20.</summary>
    public static double DecodeGradient(BigInteger signed) => (double)signed / (4 * UScale * XScale);
}
