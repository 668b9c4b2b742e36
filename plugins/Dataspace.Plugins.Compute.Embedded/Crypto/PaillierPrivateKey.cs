using System.Numerics;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>A Paillier private key (p, q); it encrypts fast by the Chinese remainder theorem and decrypts.</summary>
internal sealed class PaillierPrivateKey
{
    private readonly BigInteger _p;
    private readonly BigInteger _q;
    private readonly BigInteger _pSquared;
    private readonly BigInteger _qSquared;
    private readonly BigInteger _lambda;
    private readonly BigInteger _mu;
    private readonly BigInteger _qSquaredInverse; // (q²)⁻¹ mod p², for recombining CRT halves
    private readonly BigInteger _np;              // n mod φ(p²) = n mod p(p−1)
    private readonly BigInteger _nq;

    public PaillierPrivateKey(BigInteger p, BigInteger q)
    {
        _p = p;
        _q = q;
        Public = new PaillierPublicKey(p * q);
        _pSquared = p * p;
        _qSquared = q * q;
        _lambda = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);
        _mu = ModInverse(L(BigInteger.ModPow(Public.N + 1, _lambda, Public.NSquared)), Public.N);
        _qSquaredInverse = ModInverse(_qSquared, _pSquared);
        _np = Public.N % (p * (p - 1));
        _nq = Public.N % (q * (q - 1));
    }

    /// <summary>The public half.</summary>
    public PaillierPublicKey Public { get; }

    /// <summary>
    /// Enc(m) as <see cref="PaillierPublicKey.Encrypt"/> gives it, but with rⁿ mod n² computed modulo p² and q² with
    /// exponents reduced mod φ(p²), φ(q²): about four times fewer word operations (the documented fast path).
    /// </summary>
    public BigInteger Encrypt(BigInteger m)
    {
        Public.CheckPlaintext(m);
        var r = Paillier.RandomUnit(Public.N, Public.N);
        var rp = BigInteger.ModPow(r % _pSquared, _np, _pSquared);
        var rq = BigInteger.ModPow(r % _qSquared, _nq, _qSquared);
        // CRT: x ≡ rp (mod p²), x ≡ rq (mod q²).
        var h = (rp - rq) % _pSquared * _qSquaredInverse % _pSquared;
        if (h.Sign < 0) h += _pSquared;
        var rn = rq + h * _qSquared;
        return (1 + m * Public.N) % Public.NSquared * rn % Public.NSquared;
    }

    /// <summary>Dec(c) = L(c^λ mod n²)·μ mod n.</summary>
    public BigInteger Decrypt(BigInteger c)
    {
        if (!Public.IsValidCiphertext(c)) throw new ArgumentException("Not a Paillier ciphertext under this key.", nameof(c));
        return L(BigInteger.ModPow(c, _lambda, Public.NSquared)) * _mu % Public.N;
    }

    private BigInteger L(BigInteger u) => (u - 1) / Public.N;

    internal static BigInteger ModInverse(BigInteger a, BigInteger m)
    {
        // Extended Euclid on non-negative values.
        BigInteger t = 0, newT = 1, r = m, newR = ((a % m) + m) % m;
        while (!newR.IsZero)
        {
            var quotient = r / newR;
            (t, newT) = (newT, t - quotient * newT);
            (r, newR) = (newR, r - quotient * newR);
        }
        if (!r.IsOne) throw new ArgumentException("The value has no inverse modulo m.", nameof(a));
        return t.Sign < 0 ? t + m : t;
    }

    /// <summary>Keeps p and q out of debugger displays and logs.</summary>
    public override string ToString() => $"Paillier private key ({Public.N.GetBitLength()} bits)";

    internal (BigInteger P, BigInteger Q) Factors => (_p, _q);
}
