using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Sdk.Compute;

/// <summary>A parsed component identifier <c>domain/name:version</c>.</summary>
public readonly record struct ComponentId(string Domain, string Name, int Version)
{
    /// <summary>Parses <c>domain/name:version</c>; false when the text has another shape.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ComponentId? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text) || text.Length > 128) return false;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (slash <= 0 || colon <= slash + 1 || colon == text.Length - 1) return false;
        var domain = text[..slash];
        var name = text[(slash + 1)..colon];
        if (!IsToken(domain) || !IsToken(name)) return false;
        if (!int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) || version < 1) return false;
        id = new ComponentId(domain, name, version);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Domain}/{Name}:{Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static bool IsToken(string s)
    {
        foreach (var c in s)
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.')) return false;
        return s.Length > 0;
    }
}
