using System.Numerics;
using Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

namespace Dataspace.Plugins.Compute.Embedded.Tests.DifferentialPrivacy;

public sealed class DiscreteSamplersTests
{
    private const int Draws = 20_000;

    [Theory]
    [InlineData(7, 10)]  // γ = 0.7
    [InlineData(23, 10)] // γ = 2.3, through the integer part
    public void BernoulliExp_Frequency_MatchesExpMinusGamma(int numerator, int denominator)
    {
        var samplers = new DiscreteSamplers(new SeededRandomSource(1));
        var hits = Enumerable.Range(0, Draws).Count(_ => samplers.BernoulliExp(numerator, denominator));
        AssertFrequency(Math.Exp(-(double)numerator / denominator), hits);
    }

    [Theory]
    [InlineData(1, 2)] // scale 2
    [InlineData(2, 3)] // scale 1.5, a rational scale
    public void DiscreteLaplace_Histogram_MatchesTheDistribution(int s, int t)
    {
        var samplers = new DiscreteSamplers(new SeededRandomSource(2));
        var draws = Enumerable.Range(0, Draws).Select(_ => (long)samplers.DiscreteLaplace(s, t)).ToList();
        var q = Math.Exp(-(double)s / t);
        for (var x = -6; x <= 6; x++)
        {
            var p = (1 - q) / (1 + q) * Math.Pow(q, Math.Abs(x));
            AssertFrequency(p, draws.Count(d => d == x));
        }
        var variance = 2 * q / ((1 - q) * (1 - q));
        Assert.Equal(0, draws.Average(), 4 * Math.Sqrt(variance / Draws));
        Assert.Equal(variance, draws.Average(d => (double)d * d), variance * 0.1);
    }

    [Theory]
    [InlineData(4, 1)] // σ² = 4
    [InlineData(5, 2)] // σ² = 2.5
    public void DiscreteGaussian_Histogram_MatchesTheDistribution(int a, int b)
    {
        var samplers = new DiscreteSamplers(new SeededRandomSource(3));
        var draws = Enumerable.Range(0, Draws).Select(_ => (long)samplers.DiscreteGaussian(a, b)).ToList();
        var sigma2 = (double)a / b;
        var normaliser = Enumerable.Range(-60, 121).Sum(x => Math.Exp(-x * x / (2 * sigma2)));
        for (var x = -6; x <= 6; x++) AssertFrequency(Math.Exp(-x * x / (2 * sigma2)) / normaliser, draws.Count(d => d == x));
        // The discrete Gaussian's variance is a little below σ²; within sampling error of the exact value.
        var variance = Enumerable.Range(-60, 121).Sum(x => (double)x * x * Math.Exp(-x * x / (2 * sigma2))) / normaliser;
        Assert.Equal(variance, draws.Average(d => (double)d * d), variance * 0.06);
    }

    [Fact]
    public void Samplers_SameSeed_SameDraws()
    {
        var first = new DiscreteSamplers(new SeededRandomSource(42));
        var second = new DiscreteSamplers(new SeededRandomSource(42));
        var a = Enumerable.Range(0, 50).Select(_ => first.DiscreteGaussian(9, 1)).ToList();
        var b = Enumerable.Range(0, 50).Select(_ => second.DiscreteGaussian(9, 1)).ToList();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Rational_IsTheDoubleExactly()
    {
        var (n, d) = DiscreteSamplers.Rational(0.1);
        Assert.Equal(BigInteger.Parse("3602879701896397"), n);
        Assert.Equal(BigInteger.One << 55, d);
        Assert.Equal((BigInteger.One, BigInteger.One << 1), DiscreteSamplers.Rational(0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteSamplers.Rational(0));
    }

    [Fact]
    public void GaussianCalibration_MeetsTheEpsilonTarget()
    {
        var rho = DpNoise.GaussianRho(1.0, 1e-6);
        // ρ-zCDP gives (ρ + 2√(ρ ln(1/δ)), δ)-DP: the calibration hits ε = 1.
        Assert.Equal(1.0, rho + 2 * Math.Sqrt(rho * Math.Log(1e6)), 1e-9);
        Assert.True(DpNoise.GaussianVariancePerProvider(1, rho, 1) >= 1 / (2 * rho));
    }

    private static void AssertFrequency(double p, int hits)
    {
        var tolerance = 5 * Math.Sqrt(p * (1 - p) / Draws) + 1e-3;
        Assert.True(Math.Abs((double)hits / Draws - p) <= tolerance, $"frequency {(double)hits / Draws:F4}, expected {p:F4} ± {tolerance:F4}");
    }
}
