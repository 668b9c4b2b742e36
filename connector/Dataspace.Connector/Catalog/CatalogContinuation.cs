using System.Buffers.Text;
using System.Text;

namespace Dataspace.Connector.Catalog;

/// <summary>
/// Continuation tokens of catalog pages: the asset id a page continues after (next) or before (previous). Keyset
/// rather than offsets, so offers created or deleted meanwhile neither repeat nor skip datasets.
/// </summary>
internal static class CatalogContinuation
{
    private const char AfterMark = 'a';
    private const char BeforeMark = 'b';

    public static string After(string assetId) => Encode(AfterMark, assetId);

    public static string Before(string assetId) => Encode(BeforeMark, assetId);

    /// <summary>Reads a token; false when it is not one this catalog issued.</summary>
    public static bool TryRead(string token, out string? after, out string? before)
    {
        after = before = null;
        if (token.Length is 0 or > 4096 || !Base64Url.IsValid(token))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(token));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }

        if (text.Length < 2)
        {
            return false;
        }

        (after, before) = text[0] switch
        {
            AfterMark => (text[1..], (string?)null),
            BeforeMark => (null, text[1..]),
            _ => (null, null),
        };
        return after is not null || before is not null;
    }

    private static string Encode(char mark, string assetId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(mark + assetId));
}
