using System.Numerics;

namespace Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

/// <summary>
/// A Paillier private key that decrypts with the Chinese remainder theorem: two half-size exponentiations mod p² and
/// q² instead of one mod n² (about 3–4x faster), as in Paillier's paper, section 7.
/// </summary>
internal sealed class VflPaillierPrivateKey
{
    private readonly BigInteger _p, _q, _pSquared, _qSquared, _hp, _hq, _pInverseModQ;

    private VflPaillierPrivateKey(BigInteger p, BigInteger q)
    {
        _p = p;
        _q = q;
        _pSquared = p * p;
        _qSquared = q * q;
        PublicKey = new VflPaillierPublicKey(p * q);
        var g = PublicKey.N + 1;
        _hp = VflPaillierMath.ModInverse(L(BigInteger.ModPow(g % _pSquared, p - 1, _pSquared), p), p);
        _hq = VflPaillierMath.ModInverse(L(BigInteger.ModPow(g % _qSquared, q - 1, _qSquared), q), q);
        _pInverseModQ = VflPaillierMath.ModInverse(p, q);
    }

    public VflPaillierPublicKey PublicKey { get; }

    /// <summary>Generates a key whose modulus has <paramref name="bits"/> bits (two primes of bits/2).</summary>
    public static VflPaillierPrivateKey Generate(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 256);
        while (true)
        {
            var p = VflPaillierMath.RandomPrime(bits / 2);
            var q = VflPaillierMath.RandomPrime(bits - (bits / 2));
            if (p == q) continue;
            var n = p * q;
            // gcd(pq, (p-1)(q-1)) = 1 holds for equal-size primes; checked anyway, it is cheap.
            if (n.GetBitLength() != bits || !BigInteger.GreatestCommonDivisor(n, (p - 1) * (q - 1)).IsOne) continue;
            return new VflPaillierPrivateKey(p, q);
        }
    }

    /// <summary>A key from two given distinct primes (tests compare it with textbook decryption).</summary>
    internal static VflPaillierPrivateKey FromPrimes(BigInteger p, BigInteger q) => new(p, q);

    /// <summary>Decrypts to a plaintext in [0, n).</summary>
    public BigInteger Decrypt(BigInteger c)
    {
        var mp = (L(BigInteger.ModPow(c % _pSquared, _p - 1, _pSquared), _p) * _hp) % _p;
        var mq = (L(BigInteger.ModPow(c % _qSquared, _q - 1, _qSquared), _q) * _hq) % _q;
        var u = ((mq - mp) * _pInverseModQ) % _q;
        if (u.Sign < 0) u += _q;
        return mp + (u * _p);
    }

    private static BigInteger L(BigInteger x, BigInteger d) => (x - 1) / d;
}
