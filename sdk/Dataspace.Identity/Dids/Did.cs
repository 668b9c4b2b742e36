using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Dataspace.Identity.Dids;

/// <summary>DID syntax: parses <c>did:method:method-specific-id</c> and splits DID URLs.</summary>
public static partial class Did
{
    /// <summary>Splits a DID into method and method-specific id; false if it is not DID syntax.</summary>
    public static bool TryParse(string? did, [NotNullWhen(true)] out string? method, [NotNullWhen(true)] out string? methodSpecificId)
    {
        method = methodSpecificId = null;
        if (did is null)
        {
            return false;
        }

        var match = DidSyntax().Match(did);
        if (!match.Success)
        {
            return false;
        }

        method = match.Groups["method"].Value;
        methodSpecificId = match.Groups["id"].Value;
        return true;
    }

    /// <summary>The DID part of a DID URL (before any <c>#</c>, <c>?</c> or path).</summary>
    public static string WithoutFragment(string didUrl)
    {
        ArgumentNullException.ThrowIfNull(didUrl);
        var end = didUrl.IndexOfAny(['#', '?', '/']);
        return end < 0 ? didUrl : didUrl[..end];
    }

    // DID Core ABNF: method-name = 1*method-char (lower-case letters and digits); idchar = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded.
    [GeneratedRegex(@"^did:(?<method>[a-z0-9]+):(?<id>(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex DidSyntax();
}
