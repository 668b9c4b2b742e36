using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>
/// Batched X25519 for ECDH-PSI: hashing items to u-coordinates and multiplying whole batches by one private key,
/// spread over the cores in chunks (one multiplication costs ~30 µs, so a chunk of 128 dwarfs the scheduling cost).
/// </summary>
internal static class X25519Batch
{
    /// <summary>Size of a u-coordinate and of a private key.</summary>
    public const int PointBytes = 32;

    private const int Chunk = 128;

    /// <summary>A random private key, clamped as RFC 7748 section 5 says (libsodium clamps again; the result is the same).</summary>
    public static byte[] NewPrivateKey()
    {
        var key = RandomNumberGenerator.GetBytes(PointBytes);
        key[0] &= 248;
        key[31] &= 127;
        key[31] |= 64;
        return key;
    }

    /// <summary>
    /// output[i] = X25519(key, SHA-256(UTF-8(items[i]))): SecretFlow's default cryptor takes the SHA-256 digest of the
    /// item bytes as the u-coordinate as is (libsodium ignores its top bit, as RFC 7748 requires).
    /// </summary>
    public static void HashAndMask(byte[] key, IReadOnlyList<string> items, byte[] output, int degree, CancellationToken cancellationToken)
    {
        if (output.Length < items.Count * PointBytes) throw new ArgumentException("The output is too small for the batch.", nameof(output));
        var chunks = (items.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, Options(degree, cancellationToken), c =>
        {
            Span<byte> hash = stackalloc byte[PointBytes];
            var end = Math.Min(items.Count, (c + 1) * Chunk);
            for (var i = c * Chunk; i < end; i++)
            {
                Hash(items[i], hash);
                if (!Multiply(key, hash, output.AsSpan(i * PointBytes, PointBytes)))
                    throw new InvalidOperationException("An item hashed to a low-order point (probability 2^-250): the run cannot go on.");
            }
        });
    }

    /// <summary>SHA-256 of the item's UTF-8 bytes.</summary>
    public static void Hash(string item, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetMaxByteCount(item.Length);
        byte[]? rented = null;
        var bytes = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var written = Encoding.UTF8.GetBytes(item, bytes);
        SHA256.HashData(bytes[..written], destination);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>
    /// Multiplies <paramref name="count"/> peer points by <paramref name="key"/> and keeps the last
    /// <paramref name="width"/> bytes of each product. A point that is not a canonical u-coordinate (every X25519
    /// output is one) or that gives the all-zero product (a low-order point) is refused.
    /// </summary>
    /// <returns>-1 when every point was valid, else the index of the first invalid one.</returns>
    public static int MaskPeer(byte[] key, ReadOnlyMemory<byte> points, int count, byte[] output, int width, int degree, CancellationToken cancellationToken)
    {
        if (points.Length != count * PointBytes) throw new ArgumentException("The points do not match the count.", nameof(points));
        if (width is < 1 or > PointBytes) throw new ArgumentOutOfRangeException(nameof(width));
        for (var i = 0; i < count; i++)
            if (!IsCanonical(points.Span.Slice(i * PointBytes, PointBytes))) return i;

        var firstBad = int.MaxValue;
        var chunks = (count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, Options(degree, cancellationToken), c =>
        {
            Span<byte> product = stackalloc byte[PointBytes];
            var end = Math.Min(count, (c + 1) * Chunk);
            var span = points.Span;
            for (var i = c * Chunk; i < end; i++)
            {
                if (!Multiply(key, span.Slice(i * PointBytes, PointBytes), product))
                {
                    InterlockedMin(ref firstBad, i);
                    continue;
                }
                product[(PointBytes - width)..].CopyTo(output.AsSpan(i * width, width));
            }
        });
        return firstBad == int.MaxValue ? -1 : firstBad;
    }

    /// <summary>Whether 32 little-endian bytes encode u &lt; 2^255 − 19 (top bit clear, reduced).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> u)
    {
        if ((u[31] & 0x80) != 0) return false;
        if (u[31] != 0x7f) return true;
        for (var i = 30; i >= 1; i--)
            if (u[i] != 0xff) return true;
        return u[0] < 0xed;
    }

    /// <summary>One X25519 multiplication; false when the product is the all-zero point.</summary>
    public static unsafe bool Multiply(ReadOnlySpan<byte> key, ReadOnlySpan<byte> point, Span<byte> product)
    {
        fixed (byte* q = product)
        fixed (byte* n = key)
        fixed (byte* p = point)
            return Sodium.crypto_scalarmult_curve25519(q, n, p) == 0;
    }

    private static ParallelOptions Options(int degree, CancellationToken cancellationToken)
        => new() { MaxDegreeOfParallelism = Math.Max(1, degree), CancellationToken = cancellationToken };

    private static void InterlockedMin(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
