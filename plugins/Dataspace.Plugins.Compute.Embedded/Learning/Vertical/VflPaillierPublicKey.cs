using System.Numerics;

namespace Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

/// <summary>
/// A Paillier public key with g = n + 1, so g^m = 1 + m·n mod n² needs no exponentiation. Plaintexts are integers
/// mod n; ciphertexts are integers in [1, n²).
/// </summary>
internal sealed class VflPaillierPublicKey
{
    public VflPaillierPublicKey(BigInteger n)
    {
        if (n.Sign <= 0 || n.IsEven) throw new ArgumentException("A Paillier modulus is an odd positive integer.", nameof(n));
        N = n;
        NSquared = n * n;
        HalfN = n >> 1;
        CiphertextBytes = (int)((NSquared.GetBitLength() + 7) / 8);
        ModulusBytes = (int)((n.GetBitLength() + 7) / 8);
    }

    public BigInteger N { get; }

    public BigInteger NSquared { get; }

    /// <summary>Plaintexts above this decode as negative (two's-complement-like mod n).</summary>
    public BigInteger HalfN { get; }

    public int CiphertextBytes { get; }

    public int ModulusBytes { get; }

    public long Bits => N.GetBitLength();

    /// <summary>Encrypts <paramref name="m"/> (any integer, reduced mod n) with fresh randomness.</summary>
    public BigInteger Encrypt(BigInteger m) => (Raw(m) * Randomizer()) % NSquared;

    /// <summary>Adds a plaintext to a ciphertext: [[a]]·(1 + b·n) = [[a + b]]. Not re-randomised.</summary>
    public BigInteger AddPlain(BigInteger c, BigInteger m) => (c * Raw(m)) % NSquared;

    /// <summary>Adds two ciphertexts: [[a]]·[[b]] = [[a + b]].</summary>
    public BigInteger Add(BigInteger a, BigInteger b) => (a * b) % NSquared;

    /// <summary>Multiplies by fresh r^n: the same plaintext, a ciphertext unlinkable to the input.</summary>
    public BigInteger Rerandomize(BigInteger c) => (c * Randomizer()) % NSquared;

    /// <summary>
    /// Σ k_i·[[m_i]] for small signed scalars: the product of c_i^|k_i| over the positive and the negative scalars
    /// separately, then one modular inverse (the fast path; a negative scalar as n − |k| would cost a full-size exponent).
    /// </summary>
    public BigInteger DotProduct(IReadOnlyList<BigInteger> ciphertexts, ReadOnlySpan<long> scalars)
    {
        BigInteger positive = BigInteger.One, negative = BigInteger.One;
        for (var i = 0; i < ciphertexts.Count; i++)
        {
            var k = scalars[i];
            if (k == 0) continue;
            var term = k == 1 || k == -1 ? ciphertexts[i] : BigInteger.ModPow(ciphertexts[i], Math.Abs(k), NSquared);
            if (k > 0) positive = (positive * term) % NSquared;
            else negative = (negative * term) % NSquared;
        }
        return negative.IsOne ? positive : (positive * VflPaillierMath.ModInverse(negative, NSquared)) % NSquared;
    }

    /// <summary>A fresh r^n mod n² with r uniform in [1, n).</summary>
    public BigInteger Randomizer() => BigInteger.ModPow(VflPaillierMath.RandomBelow(N - 1) + 1, N, NSquared);

    /// <summary>Whether a peer's value is a possible ciphertext (in [1, n²) and a unit mod n).</summary>
    public bool IsCiphertext(BigInteger c) => c.Sign > 0 && c < NSquared && BigInteger.GreatestCommonDivisor(c, N).IsOne;

    /// <summary>A uniform plaintext mask in [0, n): it hides a masked value perfectly.</summary>
    public BigInteger RandomMask() => VflPaillierMath.RandomBelow(N);

    /// <summary>Reduces a signed integer into [0, n).</summary>
    public BigInteger Reduce(BigInteger m)
    {
        m %= N;
        return m.Sign < 0 ? m + N : m;
    }

    /// <summary>Reads a plaintext in [0, n) as signed: values above n/2 are negative.</summary>
    public BigInteger Signed(BigInteger m) => m > HalfN ? m - N : m;

    private BigInteger Raw(BigInteger m) => (BigInteger.One + (Reduce(m) * N)) % NSquared;

}
