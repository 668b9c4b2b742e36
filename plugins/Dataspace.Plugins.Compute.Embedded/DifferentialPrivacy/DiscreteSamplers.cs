using System.Numerics;

namespace Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

/// <summary>
/// Exact samplers of the discrete Laplace and discrete Gaussian distributions (Canonne, Kamath, Steinke 2020,
/// "The Discrete Gaussian for Differential Privacy", algorithms 1–3). Every parameter is an exact rational and every
/// step uses integer arithmetic on uniform bits, so no floating-point rounding can bias the noise.
/// </summary>
internal sealed class DiscreteSamplers(IRandomSource random)
{
    /// <summary>A uniform integer in [0, n).</summary>
    public BigInteger UniformBelow(BigInteger n)
    {
        if (n.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(n), "The range must be positive.");
        if (n.IsOne) return BigInteger.Zero;
        var bits = (int)(n - 1).GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        var topMask = (byte)(0xFF >> (bytes.Length * 8 - bits));
        while (true)
        {
            // Rejection sampling on the smallest power of two covering n: exact, at most 2 tries expected.
            random.Fill(bytes);
            bytes[^1] &= topMask;
            var value = new BigInteger(bytes, isUnsigned: true);
            if (value < n) return value;
        }
    }

    /// <summary>True with probability numerator/denominator (0 ≤ p ≤ 1).</summary>
    public bool Bernoulli(BigInteger numerator, BigInteger denominator) => UniformBelow(denominator) < numerator;

    /// <summary>True with probability exp(−numerator/denominator) (algorithm 1).</summary>
    public bool BernoulliExp(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign < 0 || denominator.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(numerator), "γ must be a non-negative rational.");
        var whole = BigInteger.Divide(numerator, denominator);
        for (BigInteger k = 0; k < whole; k++)
            if (!BernoulliExpAtMostOne(BigInteger.One, BigInteger.One)) return false;
        return BernoulliExpAtMostOne(numerator - whole * denominator, denominator);
    }

    private bool BernoulliExpAtMostOne(BigInteger numerator, BigInteger denominator)
    {
        BigInteger k = 1;
        while (Bernoulli(numerator, denominator * k)) k++;
        return !k.IsEven;
    }

    /// <summary>A draw of the discrete Laplace distribution with scale t/s: P(x) ∝ exp(−|x|·s/t) (algorithm 2).</summary>
    public BigInteger DiscreteLaplace(BigInteger s, BigInteger t)
    {
        if (s.Sign <= 0 || t.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(s), "The scale must be a positive rational.");
        while (true)
        {
            var u = UniformBelow(t);
            if (!BernoulliExp(u, t)) continue;
            BigInteger v = 0;
            while (BernoulliExp(BigInteger.One, BigInteger.One)) v++;
            var y = BigInteger.Divide(u + t * v, s);
            var negative = Bernoulli(BigInteger.One, 2);
            if (negative && y.IsZero) continue;
            return negative ? -y : y;
        }
    }

    /// <summary>A draw of the discrete Gaussian with variance parameter σ² = a/b: P(x) ∝ exp(−x²/(2σ²)) (algorithm 3).</summary>
    public BigInteger DiscreteGaussian(BigInteger a, BigInteger b)
    {
        if (a.Sign <= 0 || b.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(a), "σ² must be a positive rational.");
        var t = IntegerSqrt(BigInteger.Divide(a, b)) + 1;
        while (true)
        {
            var y = DiscreteLaplace(BigInteger.One, t);
            // γ = (|y| − σ²/t)² / (2σ²) = (|y|·t·b − a)² / (2·a·b·t²).
            var d = BigInteger.Abs(y) * t * b - a;
            if (BernoulliExp(d * d, 2 * a * b * t * t)) return y;
        }
    }

    /// <summary>A positive finite double as the exact rational it is (every double is m·2^e).</summary>
    public static (BigInteger Numerator, BigInteger Denominator) Rational(double value)
    {
        if (!double.IsFinite(value) || value <= 0) throw new ArgumentOutOfRangeException(nameof(value), "A positive finite number is required.");
        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1;
        else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger numerator = mantissa, denominator = BigInteger.One;
        if (exponent >= 0) numerator <<= exponent;
        else denominator <<= -exponent;
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return (numerator / gcd, denominator / gcd);
    }

    private static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n < 2) return n;
        var x = (BigInteger)Math.Sqrt((double)n);
        // Newton steps fix the double's rounding for large n.
        while (x * x > n) x = (x + n / x) / 2;
        while ((x + 1) * (x + 1) <= n) x++;
        return x;
    }
}
