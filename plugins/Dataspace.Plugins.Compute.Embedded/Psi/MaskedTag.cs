using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>
/// The 12 compared bytes of a double-masked item (read big-endian, so the order is the bytes' lexicographic order)
/// with the position of the item in its owner's input; 16 bytes, written to spill files as is.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct MaskedTag(ulong High, uint Low, uint Index) : IComparable<MaskedTag>
{
    /// <summary>Bytes of a tag on the wire (the last 12 bytes of the X25519 product, as SecretFlow compares).</summary>
    public const int WireBytes = 12;

    /// <summary>Bytes of a tag in a spill file.</summary>
    public const int StoredBytes = 16;

    /// <summary>Reads the wire form.</summary>
    public static MaskedTag Read(ReadOnlySpan<byte> wire, uint index)
        => new(BinaryPrimitives.ReadUInt64BigEndian(wire), BinaryPrimitives.ReadUInt32BigEndian(wire[8..]), index);

    /// <summary>Writes the wire form.</summary>
    public void Write(Span<byte> wire)
    {
        BinaryPrimitives.WriteUInt64BigEndian(wire, High);
        BinaryPrimitives.WriteUInt32BigEndian(wire[8..], Low);
    }

    /// <summary>Compares the masked bytes only.</summary>
    public int CompareValue(in MaskedTag other)
    {
        var c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }

    /// <summary>Whether the masked bytes are equal.</summary>
    public bool SameValue(in MaskedTag other) => High == other.High && Low == other.Low;

    /// <inheritdoc/>
    public int CompareTo(MaskedTag other)
    {
        // Equal values sort by position, so the first of a run of duplicates is the earliest row.
        var c = CompareValue(other);
        return c != 0 ? c : Index.CompareTo(other.Index);
    }
}
