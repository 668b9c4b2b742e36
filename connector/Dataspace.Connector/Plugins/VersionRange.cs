using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dataspace.Connector.Plugins;

/// <summary>A version interval in NuGet notation: <c>1.0</c> (at least), <c>[1.0,2.0)</c>, <c>[1.0]</c> (exactly).</summary>
public sealed record VersionRange(Version? Minimum, bool MinimumInclusive, Version? Maximum, bool MaximumInclusive)
{
    /// <summary>Whether <paramref name="version"/> lies in the range.</summary>
    public bool Contains(Version version)
    {
        var v = Normalize(version);
        if (Minimum is not null)
        {
            var c = v.CompareTo(Minimum);
            if (c < 0 || (c == 0 && !MinimumInclusive))
            {
                return false;
            }
        }

        if (Maximum is not null)
        {
            var c = v.CompareTo(Maximum);
            if (c > 0 || (c == 0 && !MaximumInclusive))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a range; returns false with nothing set on malformed text.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out VersionRange? range)
    {
        range = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s[0] is not ('[' or '('))
        {
            if (!TryParseVersion(s, out var min))
            {
                return false;
            }

            range = new VersionRange(min, true, null, false);
            return true;
        }

        if (s.Length < 3 || s[^1] is not (']' or ')'))
        {
            return false;
        }

        var minInclusive = s[0] == '[';
        var maxInclusive = s[^1] == ']';
        var inner = s[1..^1];
        var parts = inner.Split(',');
        if (parts.Length == 1)
        {
            // [1.0] means exactly 1.0; (1.0) is meaningless.
            if (!minInclusive || !maxInclusive || !TryParseVersion(parts[0], out var exact))
            {
                return false;
            }

            range = new VersionRange(exact, true, exact, true);
            return true;
        }

        if (parts.Length != 2)
        {
            return false;
        }

        Version? lower = null, upper = null;
        if (parts[0].Trim().Length > 0 && !TryParseVersion(parts[0], out lower))
        {
            return false;
        }

        if (parts[1].Trim().Length > 0 && !TryParseVersion(parts[1], out upper))
        {
            return false;
        }

        if (lower is null && upper is null)
        {
            return false;
        }

        if (lower is not null && upper is not null && lower > upper)
        {
            return false;
        }

        range = new VersionRange(lower, lower is not null && minInclusive, upper, upper is not null && maxInclusive);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        if (Minimum is not null && Maximum is null && MinimumInclusive)
        {
            return Minimum.ToString();
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{(MinimumInclusive ? '[' : '(')}{Minimum},{Maximum}{(MaximumInclusive ? ']' : ')')}");
    }

    private static bool TryParseVersion(string text, [NotNullWhen(true)] out Version? version)
    {
        version = null;
        var t = text.Trim();
        if (t.Length == 0 || !char.IsAsciiDigit(t[0]))
        {
            return false;
        }

        if (!t.Contains('.', StringComparison.Ordinal))
        {
            t += ".0";
        }

        if (!Version.TryParse(t, out var parsed))
        {
            return false;
        }

        version = Normalize(parsed);
        return true;
    }

    // 1.0 and 1.0.0.0 are the same version for compatibility purposes.
    private static Version Normalize(Version v) =>
        new(v.Major, v.Minor, Math.Max(v.Build, 0), Math.Max(v.Revision, 0));
}
