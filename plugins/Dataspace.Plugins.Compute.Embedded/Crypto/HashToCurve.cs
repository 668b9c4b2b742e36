using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>RFC 9380 <c>expand_message_xmd</c> with SHA-512 and <c>hash_to_ristretto255</c>.</summary>
internal static class HashToCurve
{
    private const int HashBytes = 64;   // b_in_bytes of SHA-512
    private const int BlockBytes = 128; // s_in_bytes of SHA-512

    /// <summary>expand_message_xmd(msg, DST, len_in_bytes) with SHA-512 (RFC 9380 section 5.3.1).</summary>
    public static byte[] ExpandMessageXmdSha512(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, int length)
    {
        // RFC 9380 section 5.3.3 hashes longer tags down; every tag used here is short, so a long one is a bug.
        if (dst.Length is 0 or > 255) throw new ArgumentException("A domain separation tag is 1 to 255 bytes.", nameof(dst));
        var ell = (length + HashBytes - 1) / HashBytes;
        if (length < 1 || ell > 255 || length > 65535) throw new ArgumentOutOfRangeException(nameof(length), length, "expand_message_xmd with SHA-512 gives 1 to 16320 bytes.");

        Span<byte> dstPrime = stackalloc byte[dst.Length + 1];
        dst.CopyTo(dstPrime);
        dstPrime[^1] = (byte)dst.Length;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        Span<byte> zeros = stackalloc byte[BlockBytes];
        zeros.Clear();
        Span<byte> lengthBytes = stackalloc byte[3];
        BinaryPrimitives.WriteUInt16BigEndian(lengthBytes, (ushort)length);
        lengthBytes[2] = 0;
        hash.AppendData(zeros);
        hash.AppendData(message);
        hash.AppendData(lengthBytes);
        hash.AppendData(dstPrime);
        Span<byte> b0 = stackalloc byte[HashBytes];
        hash.GetHashAndReset(b0);

        var output = new byte[ell * HashBytes];
        Span<byte> previous = stackalloc byte[HashBytes];
        Span<byte> mixed = stackalloc byte[HashBytes];
        Span<byte> counter = stackalloc byte[1];
        for (var i = 1; i <= ell; i++)
        {
            // b_1 = H(b_0 || 1 || DST'); b_i = H((b_0 xor b_(i-1)) || i || DST').
            if (i == 1) b0.CopyTo(mixed);
            else for (var j = 0; j < HashBytes; j++) mixed[j] = (byte)(b0[j] ^ previous[j]);
            counter[0] = (byte)i;
            hash.AppendData(mixed);
            hash.AppendData(counter);
            hash.AppendData(dstPrime);
            hash.GetHashAndReset(previous);
            previous.CopyTo(output.AsSpan((i - 1) * HashBytes));
        }
        return length == output.Length ? output : output[..length];
    }

    /// <summary>hash_to_ristretto255(msg) with expand_message_xmd SHA-512 under <paramref name="dst"/> (RFC 9380 appendix B).</summary>
    public static Ristretto255Element HashToRistretto255(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
        => Ristretto255Element.FromUniformBytes(ExpandMessageXmdSha512(message, dst, Sodium.WideBytes));

    /// <summary>RFC 9497's HashToScalar for ristretto255-SHA512: 64 expanded bytes reduced modulo L.</summary>
    public static Ristretto255Scalar HashToScalar(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
        => Ristretto255Scalar.FromWide(ExpandMessageXmdSha512(message, dst, Sodium.WideBytes));
}
