using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Evidence.Checkpoints;

/// <summary>Standard base64 read canonically, so that one byte string has exactly one text form.</summary>
/// <remarks>Decoders ignore unused trailing bits and whitespace; a flipped bit there would otherwise go unnoticed in evidence.</remarks>
internal static class Base64
{
    public static bool TryDecodeCanonical(string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text is null || text.Length % 4 != 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')))
        {
            return false;
        }

        try
        {
            var decoded = Convert.FromBase64String(text);
            if (Convert.ToBase64String(decoded) != text)
            {
                return false;
            }

            bytes = decoded;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
