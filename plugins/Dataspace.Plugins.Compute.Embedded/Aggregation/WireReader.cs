using System.Buffers.Binary;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>Reads a peer's message field by field, failing with a reason on any short or oversized field.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> buffer, string what)
{
    private ReadOnlySpan<byte> _rest = buffer;

    public readonly int Remaining => _rest.Length;

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public byte U8() => Take(1)[0];

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _rest.Length < count) throw new SecureAggregationException($"A malformed {what} message: it ends early.");
        var head = _rest[..count];
        _rest = _rest[count..];
        return head;
    }

    public readonly void End()
    {
        if (_rest.Length != 0) throw new SecureAggregationException($"A malformed {what} message: {_rest.Length} bytes too many.");
    }
}
