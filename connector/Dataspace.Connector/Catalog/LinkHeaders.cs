using System.Text.RegularExpressions;

namespace Dataspace.Connector.Catalog;

/// <summary>Reads RFC 8288 <c>Link</c> headers, by which DSP pages a catalog.</summary>
internal static partial class LinkHeaders
{
    /// <summary>The target of the first link with relation <c>next</c>, or null.</summary>
    public static string? Next(IReadOnlyList<string> links)
    {
        foreach (var header in links)
        {
            foreach (Match match in LinkPattern().Matches(header))
            {
                if (match.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase))
                {
                    return match.Groups["url"].Value;
                }
            }
        }

        return null;
    }

    [GeneratedRegex("""<(?<url>[^>]*)>\s*;\s*rel\s*=\s*"?(?<rel>[^";,]+)"?""")]
    private static partial Regex LinkPattern();
}
