using System.Numerics;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>A Paillier public key: the modulus n (g = n + 1).</summary>
internal sealed class PaillierPublicKey
{
    public PaillierPublicKey(BigInteger n)
    {
        if (n.Sign <= 0 || n.IsEven || n.GetBitLength() < Paillier.MinimumBits)
            throw new ArgumentException($"A Paillier modulus is odd and has at least {Paillier.MinimumBits} bits.", nameof(n));
        N = n;
        NSquared = n * n;
        ModulusBytes = (int)((n.GetBitLength() + 7) / 8);
    }

    /// <summary>The modulus.</summary>
    public BigInteger N { get; }

    /// <summary>n², the ciphertext modulus.</summary>
    public BigInteger NSquared { get; }

    /// <summary>Bytes of n; a ciphertext takes twice as many.</summary>
    public int ModulusBytes { get; }

    /// <summary>Bytes of one ciphertext on the wire.</summary>
    public int CiphertextBytes => 2 * ModulusBytes;

    /// <summary>Enc(m) for m in [0, n): (1 + m·n)·rⁿ mod n² with a fresh random r.</summary>
    public BigInteger Encrypt(BigInteger m)
    {
        CheckPlaintext(m);
        return (1 + m * N) % NSquared * BigInteger.ModPow(Paillier.RandomUnit(N, N), N, NSquared) % NSquared;
    }

    /// <summary>Enc(a + b) from Enc(a) and Enc(b).</summary>
    public BigInteger Add(BigInteger a, BigInteger b) => a * b % NSquared;

    /// <summary>Enc(a + k) from Enc(a) and a plaintext k, re-randomised so the result reveals nothing about Enc(a).</summary>
    public BigInteger AddPlain(BigInteger a, BigInteger k) => Add(a, Encrypt(k));

    /// <summary>Whether c can be a ciphertext: 0 &lt; c &lt; n² and a unit mod n (a peer's ciphertext is checked before use).</summary>
    public bool IsValidCiphertext(BigInteger c) => c.Sign > 0 && c < NSquared && BigInteger.GreatestCommonDivisor(c, N).IsOne;

    /// <summary>Maps a signed integer to the plaintext space (negative numbers wrap to n − |m|).</summary>
    public BigInteger Encode(long value) => value >= 0 ? value : N + value;

    /// <summary>The signed integer a plaintext stands for (values above n/2 are negative).</summary>
    public BigInteger Decode(BigInteger plaintext) => plaintext > N / 2 ? plaintext - N : plaintext;

    internal void CheckPlaintext(BigInteger m)
    {
        if (m.Sign < 0 || m >= N) throw new ArgumentOutOfRangeException(nameof(m), "A Paillier plaintext is in [0, n).");
    }
}
