using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Identity.Multiformats;

/// <summary>The multicodec public-key prefixes did:key uses: ed25519-pub (0xed) and p256-pub (0x1200, compressed point).</summary>
public static class Multicodec
{
    /// <summary>The code of an Ed25519 public key.</summary>
    public const int Ed25519Public = 0xed;

    /// <summary>The code of a compressed P-256 public key.</summary>
    public const int P256Public = 0x1200;

    /// <summary>Prefixes the key bytes with the code as an unsigned varint.</summary>
    public static byte[] Encode(int code, ReadOnlySpan<byte> key)
    {
        var prefix = new List<byte>(3);
        var value = (uint)code;
        while (value >= 0x80)
        {
            prefix.Add((byte)(value | 0x80));
            value >>= 7;
        }

        prefix.Add((byte)value);
        return [.. prefix, .. key];
    }

    /// <summary>Reads the varint code and returns the rest; false if the varint is malformed.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out int code, [NotNullWhen(true)] out byte[]? key)
    {
        code = 0;
        key = null;
        var shift = 0;
        for (var i = 0; i < data.Length && i < 4; i++)
        {
            code |= (data[i] & 0x7f) << shift;
            if ((data[i] & 0x80) == 0)
            {
                key = data[(i + 1)..].ToArray();
                return true;
            }

            shift += 7;
        }

        return false;
    }
}
