using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Identity.Multiformats;

/// <summary>Multibase text for the two bases used here: <c>z</c> (base58btc) and <c>u</c> (base64url, no padding).</summary>
public static class Multibase
{
    /// <summary>Encodes bytes as multibase base58btc (<c>z…</c>).</summary>
    public static string EncodeBase58Btc(ReadOnlySpan<byte> data) => "z" + Base58Btc.Encode(data);

    /// <summary>Encodes bytes as multibase base64url (<c>u…</c>).</summary>
    public static string EncodeBase64Url(ReadOnlySpan<byte> data) => "u" + Base64Url.EncodeToString(data);

    /// <summary>Decodes multibase text in base58btc or base64url; false for another base or bad characters.</summary>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        switch (text[0])
        {
            case 'z':
                return Base58Btc.TryDecode(text[1..], out data);
            case 'u':
                try
                {
                    data = Base64Url.DecodeFromChars(text.AsSpan(1));
                    return true;
                }
                catch (FormatException)
                {
                    return false;
                }

            default:
                return false;
        }
    }
}
