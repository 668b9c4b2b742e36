using System.Buffers.Binary;
using System.Numerics;

namespace Dataspace.Evidence.Hashing;

/// <summary>The SM3 hash function (GB/T 32905-2016, also ISO/IEC 10118-3:2018): 256-bit digests over 512-bit blocks.</summary>
/// <remarks>Implemented here so the 国密 profile needs no native library; checked against the standard's vectors and BouncyCastle in the tests.</remarks>
public static class Sm3
{
    /// <summary>The digest length in bytes.</summary>
    public const int HashSizeInBytes = 32;

    /// <summary>The SM3 digest of <paramref name="data"/>.</summary>
    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var digest = new byte[HashSizeInBytes];
        HashData(data, digest);
        return digest;
    }

    /// <summary>Writes the SM3 digest of <paramref name="data"/> to <paramref name="destination"/> (at least 32 bytes).</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var state = new Sm3State();
        state.Append(data);
        state.Finish(destination);
    }
}

/// <summary>An SM3 computation in progress: append data in pieces, then finish.</summary>
internal struct Sm3State
{
    private const int BlockSize = 64;
    private uint _a, _b, _c, _d, _e, _f, _g, _h;
    private ulong _length;
    private Block _buffer;
    private int _buffered;

    public Sm3State()
    {
        _a = 0x7380166f;
        _b = 0x4914b2b9;
        _c = 0x172442d7;
        _d = 0xda8a0600;
        _e = 0xa96f30bc;
        _f = 0x163138aa;
        _g = 0xe38dee4d;
        _h = 0xb0fb0e4e;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            var take = Math.Min(BlockSize - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < BlockSize)
            {
                return;
            }

            Compress(buffer);
            _buffered = 0;
        }

        while (data.Length >= BlockSize)
        {
            Compress(data[..BlockSize]);
            data = data[BlockSize..];
        }

        data.CopyTo(buffer);
        _buffered = data.Length;
    }

    public void Finish(Span<byte> destination)
    {
        // Padding as in SHA-256: 0x80, zeros, then the message length in bits as a big-endian 64-bit integer.
        var bits = _length * 8;
        Span<byte> buffer = _buffer;
        buffer[_buffered++] = 0x80;
        if (_buffered > BlockSize - 8)
        {
            buffer[_buffered..].Clear();
            Compress(buffer);
            _buffered = 0;
        }

        buffer[_buffered..(BlockSize - 8)].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(BlockSize - 8)..], bits);
        Compress(buffer);
        BinaryPrimitives.WriteUInt32BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], _b);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _c);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], _d);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _e);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], _f);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], _g);
        BinaryPrimitives.WriteUInt32BigEndian(destination[28..], _h);
    }

    private static uint P0(uint x) => x ^ BitOperations.RotateLeft(x, 9) ^ BitOperations.RotateLeft(x, 17);

    private static uint P1(uint x) => x ^ BitOperations.RotateLeft(x, 15) ^ BitOperations.RotateLeft(x, 23);

    private void Compress(ReadOnlySpan<byte> block)
    {
        // Message expansion (GB/T 32905 §5.3.2): W0..W67, and W'j = Wj xor Wj+4.
        Span<uint> w = stackalloc uint[68];
        for (var j = 0; j < 16; j++)
        {
            w[j] = BinaryPrimitives.ReadUInt32BigEndian(block[(4 * j)..]);
        }

        for (var j = 16; j < 68; j++)
        {
            w[j] = P1(w[j - 16] ^ w[j - 9] ^ BitOperations.RotateLeft(w[j - 3], 15)) ^ BitOperations.RotateLeft(w[j - 13], 7) ^ w[j - 6];
        }

        uint a = _a, b = _b, c = _c, d = _d, e = _e, f = _f, g = _g, h = _h;
        for (var j = 0; j < 64; j++)
        {
            var t = j < 16 ? 0x79cc4519u : 0x7a879d8au;
            var a12 = BitOperations.RotateLeft(a, 12);
            var ss1 = BitOperations.RotateLeft(a12 + e + BitOperations.RotateLeft(t, j % 32), 7);
            var ss2 = ss1 ^ a12;
            var ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
            var gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
            var tt1 = ff + d + ss2 + (w[j] ^ w[j + 4]);
            var tt2 = gg + h + ss1 + w[j];
            d = c;
            c = BitOperations.RotateLeft(b, 9);
            b = a;
            a = tt1;
            h = g;
            g = BitOperations.RotateLeft(f, 19);
            f = e;
            e = P0(tt2);
        }

        _a ^= a;
        _b ^= b;
        _c ^= c;
        _d ^= d;
        _e ^= e;
        _f ^= f;
        _g ^= g;
        _h ^= h;
    }

    [System.Runtime.CompilerServices.InlineArray(BlockSize)]
    private struct Block
    {
        private byte _element;
    }
}
