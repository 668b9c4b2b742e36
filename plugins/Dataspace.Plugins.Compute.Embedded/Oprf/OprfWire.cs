using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>
/// The binary messages of <c>psi/ecdh_oprf:1</c> (big-endian integers, docs/compute/psi-ecdh-oprf.md). Every read
/// checks the exact length and element validity and throws <see cref="OprfProtocolException"/> with what was wrong.
/// </summary>
internal static class OprfWire
{
    public const byte Version = 1;
    public const string Hello = "oprf/hello";
    public const string Params = "oprf/params";
    public const string Blinded = "oprf/blinded";
    public const string Evaluated = "oprf/evaluated";
    public const string Tags = "psi/tags";
    public const string Query = "lookup/query";
    public const string Answer = "lookup/answer";
    public const string Rows = "lookup/rows";

    /// <summary>Size of a PSI tag or lookup row tag: the first 16 bytes of the OPRF output.</summary>
    public const int TagSize = 16;

    /// <summary>A batch of elements: count (4) then count × 32 bytes, then an optional proof.</summary>
    public static byte[] WriteElements(IReadOnlyList<Ristretto255Element> elements, ReadOnlySpan<byte> proof)
    {
        var buffer = new byte[4 + elements.Count * Ristretto255Element.Size + proof.Length];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)elements.Count);
        for (var i = 0; i < elements.Count; i++) elements[i].Encode(buffer.AsSpan(4 + i * Ristretto255Element.Size));
        proof.CopyTo(buffer.AsSpan(4 + elements.Count * Ristretto255Element.Size));
        return buffer;
    }

    /// <summary>Reads a batch of 1..<paramref name="maxCount"/> valid elements followed by exactly <paramref name="trailer"/> bytes.</summary>
    public static Ristretto255Element[] ReadElements(ReadOnlySpan<byte> message, int maxCount, int trailer, string what, out ReadOnlySpan<byte> trailing)
    {
        if (message.Length < 4) throw new OprfProtocolException($"A {what} message of {message.Length} bytes is shorter than its 4-byte count.");
        var count = BinaryPrimitives.ReadUInt32BigEndian(message);
        if (count == 0 || count > (uint)maxCount) throw new OprfProtocolException($"A {what} batch of {count} elements; expected 1 to {maxCount}.");
        var expected = 4L + count * Ristretto255Element.Size + trailer;
        if (message.Length != expected) throw new OprfProtocolException($"A {what} message of {message.Length} bytes; {count} elements need exactly {expected}.");
        var elements = new Ristretto255Element[count];
        for (var i = 0; i < count; i++)
        {
            var encoded = message.Slice(4 + i * Ristretto255Element.Size, Ristretto255Element.Size);
            if (Ristretto255Element.Validate(encoded) is { } problem) throw new OprfProtocolException($"Element {i} of a {what} batch is refused: {problem}.");
            Ristretto255Element.TryDecode(encoded, out elements[i]);
        }
        trailing = message[(int)(expected - trailer)..];
        return elements;
    }

    /// <summary>Reads one valid element at the start of a span.</summary>
    public static Ristretto255Element ReadElement(ReadOnlySpan<byte> encoded, string what)
    {
        if (encoded.Length < Ristretto255Element.Size) throw new OprfProtocolException($"A {what} message is too short for its element.");
        if (Ristretto255Element.Validate(encoded[..Ristretto255Element.Size]) is { } problem) throw new OprfProtocolException($"The {what} element is refused: {problem}.");
        Ristretto255Element.TryDecode(encoded[..Ristretto255Element.Size], out var element);
        return element;
    }

    /// <summary>A small sequential writer for the header-like messages.</summary>
    public sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _stream = new();

        public Writer Byte(byte value) { _stream.Write([value]); return this; }

        public Writer UInt32(uint value) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, value); _stream.Write(b); return this; }

        public Writer Int64(long value) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteInt64BigEndian(b, value); _stream.Write(b); return this; }

        public Writer Bytes(ReadOnlySpan<byte> value) { _stream.Write(value); return this; }

        public Writer String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            if (bytes.Length > ushort.MaxValue) throw new ArgumentException("A string field is at most 65535 bytes.", nameof(value));
            Span<byte> b = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)bytes.Length);
            _stream.Write(b);
            _stream.Write(bytes);
            return this;
        }

        public byte[] ToArray() => _stream.WrittenSpan.ToArray();
    }

    /// <summary>A sequential reader that fails with the message's name on any short or trailing data.</summary>
    public ref struct Reader(ReadOnlySpan<byte> data, string what)
    {
        private ReadOnlySpan<byte> _rest = data;

        public byte Byte() => Take(1)[0];

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public ReadOnlySpan<byte> Bytes(int count) => Take(count);

        public string String()
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            try { return new UTF8Encoding(false, true).GetString(Take(length)); }
            catch (DecoderFallbackException e) { throw new OprfProtocolException($"A {what} message holds a string that is not UTF-8.", e); }
        }

        public readonly void End()
        {
            if (!_rest.IsEmpty) throw new OprfProtocolException($"A {what} message has {_rest.Length} unexpected trailing bytes.");
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (_rest.Length < count) throw new OprfProtocolException($"A {what} message ends early.");
            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }
    }
}
