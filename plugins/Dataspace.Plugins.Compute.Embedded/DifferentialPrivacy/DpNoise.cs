using System.Numerics;

namespace Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

/// <summary>
/// Calibrates and draws one provider's noise for one released integer. Laplace: ε-DP with scale Δ₁/ε. Gaussian: the
/// (ε, δ) target is met through ρ-zCDP (ε = ρ + 2√(ρ·ln(1/δ)), so ρ = (√(ln(1/δ)+ε) − √ln(1/δ))²) with σ² = Δ₂²/(2ρ);
/// with m providers each draws σ²/m (at least 1), the distributed discrete Gaussian of Kairouz, Liu and Steinke (2021).
/// </summary>
internal sealed class DpNoise(DiscreteSamplers samplers)
{
    public const string Laplace = "laplace";
    public const string Gaussian = "gaussian";

    /// <summary>ρ of zCDP that gives (ε, δ)-DP.</summary>
    public static double GaussianRho(double epsilon, double delta)
    {
        var log = Math.Log(1 / delta);
        var root = Math.Sqrt(log + epsilon) - Math.Sqrt(log);
        return root * root;
    }

    /// <summary>
    /// The variance one provider of <paramref name="providers"/> draws for a value of L2 sensitivity
    /// <paramref name="sensitivity"/> under ρ-zCDP, rounded up so the calibration never falls short.
    /// </summary>
    public static double GaussianVariancePerProvider(double sensitivity, double rho, int providers)
        => Math.Max(1.0, sensitivity * sensitivity / (2 * rho) / providers) * (1 + 1e-9);

    /// <summary>Noise of a value with L1 sensitivity Δ at privacy loss ε (every provider draws it whole; see docs).</summary>
    public BigInteger LaplaceNoise(long sensitivity, double epsilon)
    {
        var (n, d) = DiscreteSamplers.Rational(epsilon);
        // scale Δ/ε = Δ·d/n: P(x) ∝ exp(−|x|·n/(Δ·d)).
        return samplers.DiscreteLaplace(n, sensitivity * d);
    }

    /// <summary>Noise with the given variance parameter σ².</summary>
    public BigInteger GaussianNoise(double variance)
    {
        var (a, b) = DiscreteSamplers.Rational(variance);
        return samplers.DiscreteGaussian(a, b);
    }
}
