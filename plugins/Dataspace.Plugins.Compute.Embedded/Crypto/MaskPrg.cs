using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>
/// The mask generator of secure aggregation: AES-256 in counter mode keyed by a 32-byte seed, its keystream read as
/// little-endian integers and added to (or subtracted from) a vector, modulo 2^32 or 2^64 by wrap-around.
/// </summary>
/// <remarks>
/// The keystream is made in cache-sized chunks by one ECB call over counter blocks (AES-NI through the platform's
/// crypto library), and folded into the vector with <see cref="Vector{T}"/> adds, so a mask never exists as a whole.
/// Each seed is used for one stream only (fresh per task and pair), so a zero nonce is safe.
/// </remarks>
internal static class MaskPrg
{
    public const int SeedBytes = 32;
    private const int ChunkBytes = 32 * 1024;

    /// <summary>acc += PRG(seed) (or -=) element-wise with wrap-around.</summary>
    public static void Accumulate<T>(ReadOnlySpan<byte> seed, Span<T> acc, bool subtract)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (seed.Length != SeedBytes) throw new ArgumentException($"A mask seed has {SeedBytes} bytes, not {seed.Length}.", nameof(seed));
        using var aes = Aes.Create();
        aes.Key = seed.ToArray();
        var counters = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var stream = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            Array.Clear(counters, 0, ChunkBytes);
            var size = Marshal.SizeOf<T>();
            var total = acc.Length * size;
            ulong block = 0;
            for (var pos = 0; pos < total; pos += ChunkBytes)
            {
                var n = Math.Min(ChunkBytes, total - pos);
                var rounded = (n + 15) & ~15;
                for (var i = 0; i < rounded; i += 16) BinaryPrimitives.WriteUInt64LittleEndian(counters.AsSpan(i, 8), block++);
                aes.EncryptEcb(counters.AsSpan(0, rounded), stream.AsSpan(0, rounded), PaddingMode.None);
                var keystream = MemoryMarshal.Cast<byte, T>(stream.AsSpan(0, n));
                var target = acc.Slice(pos / size, n / size);
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Secure aggregation masks assume a little-endian machine.");
                if (subtract) Subtract(target, keystream);
                else Add(target, keystream);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(counters);
            ArrayPool<byte>.Shared.Return(stream);
        }
    }

    /// <summary>acc += values element-wise with wrap-around.</summary>
    public static void Add<T>(Span<T> acc, ReadOnlySpan<T> values) where T : unmanaged, IBinaryInteger<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var accVectors = MemoryMarshal.Cast<T, Vector<T>>(acc);
            var valueVectors = MemoryMarshal.Cast<T, Vector<T>>(values[..acc.Length]);
            for (var v = 0; v < accVectors.Length; v++) accVectors[v] += valueVectors[v];
            i = accVectors.Length * Vector<T>.Count;
        }
        for (; i < acc.Length; i++) acc[i] += values[i];
    }

    /// <summary>acc -= values element-wise with wrap-around.</summary>
    public static void Subtract<T>(Span<T> acc, ReadOnlySpan<T> values) where T : unmanaged, IBinaryInteger<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var accVectors = MemoryMarshal.Cast<T, Vector<T>>(acc);
            var valueVectors = MemoryMarshal.Cast<T, Vector<T>>(values[..acc.Length]);
            for (var v = 0; v < accVectors.Length; v++) accVectors[v] -= valueVectors[v];
            i = accVectors.Length * Vector<T>.Count;
        }
        for (; i < acc.Length; i++) acc[i] -= values[i];
    }
}
