using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>
/// ristretto255 (RFC 9496), a prime-order group: an item maps to SHA-512(UTF-8 item) through the RFC's one-way map
/// (<c>crypto_core_ristretto255_from_hash</c>), keys are uniform non-zero scalars mod ℓ, peer elements must be
/// canonical encodings and products must not be the identity. No cofactor, so no low-order points to worry about.
/// </summary>
internal sealed class Ristretto255Group : IPsiGroup
{
    public static readonly Ristretto255Group Instance = new();

    private const int Bytes = 32;
    private const int Chunk = 128;

    public string Name => "ristretto255";

    public byte Code => 2;

    public unsafe byte[] NewPrivateKey()
    {
        var key = new byte[Bytes];
        Sodium.EnsureInitialized();
        fixed (byte* k = key) Sodium.crypto_core_ristretto255_scalar_random(k);
        return key;
    }

    public void HashAndMask(byte[] key, IReadOnlyList<string> items, byte[] output, int degree, CancellationToken cancellationToken)
    {
        var chunks = (items.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, degree), CancellationToken = cancellationToken }, c =>
        {
            Span<byte> wide = stackalloc byte[64];
            Span<byte> element = stackalloc byte[Bytes];
            var end = Math.Min(items.Count, (c + 1) * Chunk);
            for (var i = c * Chunk; i < end; i++)
            {
                HashToElement(items[i], wide, element);
                if (!Multiply(key, element, output.AsSpan(i * Bytes, Bytes)))
                    throw new InvalidOperationException("An item mapped to the identity (probability 2^-252): the run cannot go on.");
            }
        });
    }

    public int MaskPeer(byte[] key, ReadOnlyMemory<byte> points, int count, byte[] output, int width, int degree, CancellationToken cancellationToken)
    {
        if (points.Length != count * Bytes) throw new ArgumentException("The points do not match the count.", nameof(points));
        var firstBad = int.MaxValue;
        var chunks = (count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, degree), CancellationToken = cancellationToken }, c =>
        {
            Span<byte> product = stackalloc byte[Bytes];
            var end = Math.Min(count, (c + 1) * Chunk);
            var span = points.Span;
            for (var i = c * Chunk; i < end; i++)
            {
                var point = span.Slice(i * Bytes, Bytes);
                if (!IsValid(point) || !Multiply(key, point, product))
                {
                    var seen = Volatile.Read(ref firstBad);
                    while (i < seen && Interlocked.CompareExchange(ref firstBad, i, seen) != seen) seen = Volatile.Read(ref firstBad);
                    continue;
                }
                product[(Bytes - width)..].CopyTo(output.AsSpan(i * width, width));
            }
        });
        return firstBad == int.MaxValue ? -1 : firstBad;
    }

    /// <summary>The element SHA-512(UTF-8 item) maps to.</summary>
    public static void HashToElement(string item, Span<byte> wide, Span<byte> element)
    {
        var length = Encoding.UTF8.GetMaxByteCount(item.Length);
        byte[]? rented = null;
        var bytes = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var written = Encoding.UTF8.GetBytes(item, bytes);
        SHA512.HashData(bytes[..written], wide);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        FromHash(wide, element);
    }

    /// <summary>RFC 9496's one-way map of 64 bytes to an element.</summary>
    public static unsafe void FromHash(ReadOnlySpan<byte> wide, Span<byte> element)
    {
        fixed (byte* p = element)
        fixed (byte* r = wide)
            if (Sodium.crypto_core_ristretto255_from_hash(p, r) != 0) throw new InvalidOperationException("libsodium refused to map a hash to ristretto255.");
    }

    private static unsafe bool IsValid(ReadOnlySpan<byte> point)
    {
        fixed (byte* p = point) return Sodium.crypto_core_ristretto255_is_valid_point(p) == 1;
    }

    private static unsafe bool Multiply(ReadOnlySpan<byte> key, ReadOnlySpan<byte> point, Span<byte> product)
    {
        fixed (byte* q = product)
        fixed (byte* n = key)
        fixed (byte* p = point)
            return Sodium.crypto_scalarmult_ristretto255(q, n, p) == 0;
    }
}
