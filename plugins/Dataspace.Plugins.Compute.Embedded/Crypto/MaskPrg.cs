using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using AesX86 = System.Runtime.Intrinsics.X86.Aes;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>
/// The mask generator of secure aggregation: AES-128 in counter mode keyed by the first 16 bytes of a 32-byte seed
/// (block i encrypts the little-endian counter i), its keystream read as little-endian integers and added to (or
/// subtracted from) a vector, modulo 2^32 or 2^64 by wrap-around.
/// </summary>
/// <remarks>
/// With AES-NI the keystream is made eight blocks at a time in registers and folded straight into the vector (no
/// buffer, no call per chunk); without it, the platform's AES in ECB mode over counter blocks gives the same stream.
/// Each seed drives one stream only (fresh per task and pair), so a fixed nonce is safe.
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
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Secure aggregation masks assume a little-endian machine.");
        if (System.Runtime.Intrinsics.X86.Aes.IsSupported && Sse2.IsSupported) AccumulateAesNi(seed, acc, subtract);
        else AccumulatePortable(seed, acc, subtract);
    }

    /// <summary>The same stream through the platform's AES (ECB over counter blocks), for machines without AES-NI.</summary>
    internal static void AccumulatePortable<T>(ReadOnlySpan<byte> seed, Span<T> acc, bool subtract)
        where T : unmanaged, IBinaryInteger<T>
    {
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = seed[..16].ToArray();
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

    private static void AccumulateAesNi<T>(ReadOnlySpan<byte> seed, Span<T> acc, bool subtract)
        where T : unmanaged, IBinaryInteger<T>
    {
        Span<Vector128<byte>> keys = stackalloc Vector128<byte>[11];
        ExpandKey(Vector128.Create(seed[..16]), keys);
        var blocks = MemoryMarshal.Cast<T, Vector128<T>>(acc);
        ulong counter = 0;
        var b = 0;
        // Eight independent blocks keep the AES units' pipeline full.
        for (; b + 8 <= blocks.Length; b += 8, counter += 8)
        {
            var x0 = Start(counter, keys[0]); var x1 = Start(counter + 1, keys[0]);
            var x2 = Start(counter + 2, keys[0]); var x3 = Start(counter + 3, keys[0]);
            var x4 = Start(counter + 4, keys[0]); var x5 = Start(counter + 5, keys[0]);
            var x6 = Start(counter + 6, keys[0]); var x7 = Start(counter + 7, keys[0]);
            for (var r = 1; r < 10; r++)
            {
                var k = keys[r];
                x0 = AesX86.Encrypt(x0, k); x1 = AesX86.Encrypt(x1, k); x2 = AesX86.Encrypt(x2, k); x3 = AesX86.Encrypt(x3, k);
                x4 = AesX86.Encrypt(x4, k); x5 = AesX86.Encrypt(x5, k); x6 = AesX86.Encrypt(x6, k); x7 = AesX86.Encrypt(x7, k);
            }
            var last = keys[10];
            Fold(ref blocks[b], AesX86.EncryptLast(x0, last), subtract); Fold(ref blocks[b + 1], AesX86.EncryptLast(x1, last), subtract);
            Fold(ref blocks[b + 2], AesX86.EncryptLast(x2, last), subtract); Fold(ref blocks[b + 3], AesX86.EncryptLast(x3, last), subtract);
            Fold(ref blocks[b + 4], AesX86.EncryptLast(x4, last), subtract); Fold(ref blocks[b + 5], AesX86.EncryptLast(x5, last), subtract);
            Fold(ref blocks[b + 6], AesX86.EncryptLast(x6, last), subtract); Fold(ref blocks[b + 7], AesX86.EncryptLast(x7, last), subtract);
        }
        for (; b < blocks.Length; b++, counter++) Fold(ref blocks[b], EncryptBlock(counter, keys), subtract);
        // A tail shorter than a block takes the front of the next keystream block.
        var done = blocks.Length * Vector128<T>.Count;
        if (done < acc.Length)
        {
            var tail = EncryptBlock(counter, keys).As<byte, T>();
            for (var i = done; i < acc.Length; i++)
                acc[i] = subtract ? acc[i] - tail.GetElement(i - done) : acc[i] + tail.GetElement(i - done);
        }
    }

    private static Vector128<byte> Start(ulong counter, Vector128<byte> key0) => Sse2.Xor(Vector128.Create(counter, 0UL).AsByte(), key0);

    private static void Fold<T>(ref Vector128<T> target, Vector128<byte> keystream, bool subtract) where T : unmanaged, IBinaryInteger<T>
        => target = subtract ? target - keystream.As<byte, T>() : target + keystream.As<byte, T>();

    private static Vector128<byte> EncryptBlock(ulong counter, ReadOnlySpan<Vector128<byte>> keys)
    {
        var x = Start(counter, keys[0]);
        for (var r = 1; r < 10; r++) x = AesX86.Encrypt(x, keys[r]);
        return AesX86.EncryptLast(x, keys[10]);
    }

    /// <summary>The AES-128 key schedule (FIPS-197 5.2) with AESKEYGENASSIST.</summary>
    private static void ExpandKey(Vector128<byte> key, Span<Vector128<byte>> keys)
    {
        keys[0] = key;
        keys[1] = Next(keys[0], AesX86.KeygenAssist(keys[0], 0x01));
        keys[2] = Next(keys[1], AesX86.KeygenAssist(keys[1], 0x02));
        keys[3] = Next(keys[2], AesX86.KeygenAssist(keys[2], 0x04));
        keys[4] = Next(keys[3], AesX86.KeygenAssist(keys[3], 0x08));
        keys[5] = Next(keys[4], AesX86.KeygenAssist(keys[4], 0x10));
        keys[6] = Next(keys[5], AesX86.KeygenAssist(keys[5], 0x20));
        keys[7] = Next(keys[6], AesX86.KeygenAssist(keys[6], 0x40));
        keys[8] = Next(keys[7], AesX86.KeygenAssist(keys[7], 0x80));
        keys[9] = Next(keys[8], AesX86.KeygenAssist(keys[8], 0x1B));
        keys[10] = Next(keys[9], AesX86.KeygenAssist(keys[9], 0x36));
    }

    private static Vector128<byte> Next(Vector128<byte> key, Vector128<byte> assist)
    {
        assist = Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        return Sse2.Xor(key, assist);
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
