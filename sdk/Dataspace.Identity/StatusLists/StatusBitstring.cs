using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;

namespace Dataspace.Identity.StatusLists;

/// <summary>The bitstring of a status list: index 0 is the most significant bit of the first byte; encoded as GZIP + base64url.</summary>
/// <remarks>Not thread-safe: an issuer serializes changes to one list.</remarks>
public sealed class StatusBitstring
{
    /// <summary>The minimum size Bitstring Status List asks for (16 KiB), so one entry does not identify its holder.</summary>
    public const int DefaultLength = 131_072;

    private readonly byte[] _bits;

    /// <summary>Creates a list of <paramref name="length"/> bits, all clear (a multiple of 8).</summary>
    public StatusBitstring(int length = DefaultLength)
    {
        if (length <= 0 || length % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The length is a positive multiple of 8.");
        }

        _bits = new byte[length / 8];
    }

    private StatusBitstring(byte[] bits) => _bits = bits;

    /// <summary>The number of entries.</summary>
    public int Length => _bits.Length * 8;

    /// <summary>Whether the entry's bit is set (revoked or suspended, by the list's purpose).</summary>
    public bool Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        return (_bits[index / 8] & (0x80 >> (index % 8))) != 0;
    }

    /// <summary>Sets or clears an entry's bit.</summary>
    public void Set(int index, bool value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        if (value)
        {
            _bits[index / 8] |= (byte)(0x80 >> (index % 8));
        }
        else
        {
            _bits[index / 8] &= (byte)~(0x80 >> (index % 8));
        }
    }

    /// <summary>GZIP-compressed, base64url-encoded bits; with the multibase <c>u</c> prefix (Bitstring Status List) or without (StatusList2021).</summary>
    public string Encode(bool multibasePrefix)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(_bits);
        }

        var text = Base64Url.EncodeToString(buffer.ToArray());
        return multibasePrefix ? "u" + text : text;
    }

    /// <summary>Decodes an encoded list with or without the <c>u</c> prefix (base64url or base64, padded or not).</summary>
    public static bool TryDecode(string? encoded, [NotNullWhen(true)] out StatusBitstring? list, [NotNullWhen(false)] out string? reason)
    {
        list = null;
        if (string.IsNullOrEmpty(encoded))
        {
            reason = "the encoded list is empty";
            return false;
        }

        // A GZIP stream starts with 0x1f 0x8b, which base64 writes as "H4s"; anything else with a leading 'u' is the multibase prefix.
        var text = encoded[0] == 'u' ? encoded[1..] : encoded;
        text = text.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        byte[] compressed;
        try
        {
            compressed = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            reason = "the encoded list is not base64url";
            return false;
        }

        try
        {
            using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = input.Read(chunk)) > 0)
            {
                // 16 MiB of bits is far beyond any real list; refuse a compression bomb.
                if (output.Length + read > 16 * 1024 * 1024)
                {
                    reason = "the decoded list exceeds 16 MiB";
                    return false;
                }

                output.Write(chunk, 0, read);
            }

            list = new StatusBitstring(output.ToArray());
            reason = null;
            return true;
        }
        catch (InvalidDataException)
        {
            reason = "the encoded list is not GZIP-compressed";
            return false;
        }
    }
}
