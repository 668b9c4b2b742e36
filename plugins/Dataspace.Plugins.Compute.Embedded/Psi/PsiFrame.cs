using System.Buffers.Binary;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>
/// One batch on the wire: <c>u32 batch index | u32 item count | count × width bytes</c>, little-endian. Batches of a
/// stream are numbered from 0; a batch of 0 items ends the stream.
/// </summary>
internal static class PsiFrame
{
    /// <summary>Header size.</summary>
    public const int HeaderBytes = 8;

    /// <summary>A frame of <paramref name="count"/> items taken from <paramref name="items"/>.</summary>
    public static byte[] Encode(uint index, int count, ReadOnlySpan<byte> items)
    {
        var frame = new byte[HeaderBytes + items.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, index);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), (uint)count);
        items.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>Checks a received frame and returns its items.</summary>
    /// <exception cref="PsiProtocolException">The frame is out of order, too large or of the wrong length.</exception>
    public static ReadOnlyMemory<byte> Decode(ReadOnlyMemory<byte> frame, uint expectedIndex, int width, int maxCount, string stream, out int count)
    {
        if (frame.Length < HeaderBytes)
            throw new PsiProtocolException($"The peer's {stream} batch {expectedIndex} has {frame.Length} bytes; a batch has at least an {HeaderBytes}-byte header.");
        var index = BinaryPrimitives.ReadUInt32LittleEndian(frame.Span);
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(frame.Span[4..]);
        if (index != expectedIndex)
            throw new PsiProtocolException($"The peer sent {stream} batch {index} where batch {expectedIndex} was expected (replayed or reordered).");
        if (declared > (uint)maxCount)
            throw new PsiProtocolException($"The peer's {stream} batch {index} declares {declared} items; the agreed batch size is at most {maxCount}.");
        count = (int)declared;
        var expectedLength = HeaderBytes + (long)count * width;
        if (frame.Length != expectedLength)
            throw new PsiProtocolException($"The peer's {stream} batch {index} has {frame.Length} bytes for {count} items of {width} bytes; expected {expectedLength}.");
        return frame[HeaderBytes..];
    }
}
