using System.Buffers.Binary;
using System.Security.Cryptography;
using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>The batched DLEQ proof of RFC 9497 section 2.2, used by the verifiable mode.</summary>
internal sealed partial class Ristretto255Oprf
{
    /// <summary>Size of a serialized proof (c || s).</summary>
    public const int ProofSize = 2 * Ristretto255Scalar.Size;

    /// <summary>GenerateProof(k, A = G, B = pkS, C, D) with a fresh random r.</summary>
    public byte[] GenerateProof(Ristretto255Scalar k, Ristretto255Element publicKey, IReadOnlyList<Ristretto255Element> blinded, IReadOnlyList<Ristretto255Element> evaluated)
        => GenerateProof(k, publicKey, blinded, evaluated, Ristretto255Scalar.Random());

    /// <summary>GenerateProof with a given r (the RFC's test vectors fix it).</summary>
    public byte[] GenerateProof(Ristretto255Scalar k, Ristretto255Element publicKey, IReadOnlyList<Ristretto255Element> blinded, IReadOnlyList<Ristretto255Element> evaluated, Ristretto255Scalar r)
    {
        var m = Composite(publicKey, blinded, evaluated, out _, k);
        var z = m.Multiply(k);
        var t2 = Ristretto255Element.MultiplyGenerator(r);
        var t3 = m.Multiply(r);
        var c = Challenge(publicKey, m, z, t2, t3);
        var s = r.Subtract(c.Multiply(k));
        var proof = new byte[ProofSize];
        c.Encode(proof);
        s.Encode(proof.AsSpan(Ristretto255Scalar.Size));
        return proof;
    }

    /// <summary>VerifyProof(A = G, B = pkS, C, D, proof); false on a malformed or wrong proof.</summary>
    public bool VerifyProof(Ristretto255Element publicKey, IReadOnlyList<Ristretto255Element> blinded, IReadOnlyList<Ristretto255Element> evaluated, ReadOnlySpan<byte> proof)
    {
        if (proof.Length != ProofSize
            || !Ristretto255Scalar.TryDecode(proof[..Ristretto255Scalar.Size], out var c)
            || !Ristretto255Scalar.TryDecode(proof[Ristretto255Scalar.Size..], out var s)) return false;
        try
        {
            var m = Composite(publicKey, blinded, evaluated, out var z, null);
            // t2 = s·G + c·pkS, t3 = s·M + c·Z; a zero s or c would be a forged proof, which the challenge rejects.
            var t2 = Ristretto255Element.MultiplyGenerator(s).Add(publicKey.Multiply(c));
            var t3 = m.Multiply(s).Add(z!.Value.Multiply(c));
            return Challenge(publicKey, m, z.Value, t2, t3) == c;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    // ComputeComposites (k null) or ComputeCompositesFast (k given, Z computed by the caller as k·M).
    private Ristretto255Element Composite(Ristretto255Element b, IReadOnlyList<Ristretto255Element> c, IReadOnlyList<Ristretto255Element> d, out Ristretto255Element? z, Ristretto255Scalar? k)
    {
        if (c.Count == 0 || c.Count != d.Count || c.Count > ushort.MaxValue) throw new ArgumentException("A proof covers 1 to 65535 pairs of elements.", nameof(c));
        Span<byte> seedTranscript = stackalloc byte[2 + Ristretto255Element.Size + 2 + _seedDst.Length];
        BinaryPrimitives.WriteUInt16BigEndian(seedTranscript, Ristretto255Element.Size);
        b.Span.CopyTo(seedTranscript[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(seedTranscript[(2 + Ristretto255Element.Size)..], (ushort)_seedDst.Length);
        _seedDst.CopyTo(seedTranscript[(4 + Ristretto255Element.Size)..]);
        Span<byte> seed = stackalloc byte[64];
        SHA512.HashData(seedTranscript, seed);

        // I2OSP(len(seed), 2) || seed || I2OSP(i, 2) || I2OSP(32, 2) || Ci || I2OSP(32, 2) || Di || "Composite"
        Span<byte> transcript = stackalloc byte[2 + 64 + 2 + 2 + 32 + 2 + 32 + 9];
        BinaryPrimitives.WriteUInt16BigEndian(transcript, 64);
        seed.CopyTo(transcript[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(transcript[68..], 32);
        BinaryPrimitives.WriteUInt16BigEndian(transcript[102..], 32);
        "Composite"u8.CopyTo(transcript[136..]);
        Ristretto255Element? m = null;
        z = null;
        for (var i = 0; i < c.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(transcript[66..], (ushort)i);
            c[i].Span.CopyTo(transcript[70..]);
            d[i].Span.CopyTo(transcript[104..]);
            var di = HashToScalar(transcript);
            var mi = c[i].Multiply(di);
            m = m is null ? mi : m.Value.Add(mi);
            if (k is null)
            {
                var zi = d[i].Multiply(di);
                z = z is null ? zi : z.Value.Add(zi);
            }
        }
        return m!.Value;
    }

    private Ristretto255Scalar Challenge(Ristretto255Element b, Ristretto255Element m, Ristretto255Element z, Ristretto255Element t2, Ristretto255Element t3)
    {
        Span<byte> transcript = stackalloc byte[5 * (2 + 32) + 9];
        var offset = 0;
        foreach (var element in (ReadOnlySpan<Ristretto255Element>)[b, m, z, t2, t3])
        {
            BinaryPrimitives.WriteUInt16BigEndian(transcript[offset..], 32);
            element.Span.CopyTo(transcript[(offset + 2)..]);
            offset += 34;
        }
        "Challenge"u8.CopyTo(transcript[offset..]);
        return HashToScalar(transcript);
    }
}
