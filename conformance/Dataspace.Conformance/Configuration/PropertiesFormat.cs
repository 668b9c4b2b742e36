using System.Globalization;
using System.Text;

namespace Dataspace.Conformance.Configuration;

/// <summary>
/// Reads Java <c>.properties</c> text the way <c>java.util.Properties.load</c> does (the official TCK's configuration
/// format): <c>#</c>/<c>!</c> comments, <c>=</c>, <c>:</c> or whitespace between key and value, backslash escapes
/// (<c>\t \n \r \f \uXXXX</c>, any other escaped character stands for itself) and lines continued by a trailing backslash.
/// </summary>
public static class PropertiesFormat
{
    /// <summary>The key/value pairs of <paramref name="text"/>, in order; a later duplicate replaces an earlier one.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="source">The file name, for error messages.</param>
    /// <exception cref="ConfigurationFileException">A malformed <c>\u</c> escape, naming its line.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var firstLine = index + 1;
            var line = lines[index].TrimStart(' ', '\t', '\f');
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            // A logical line goes on while the physical one ends in an odd number of backslashes.
            var logical = new StringBuilder();
            while (EndsWithContinuation(line) && index + 1 < lines.Length)
            {
                logical.Append(line, 0, line.Length - 1);
                index++;
                line = lines[index].TrimStart(' ', '\t', '\f');
            }

            logical.Append(EndsWithContinuation(line) ? line[..^1] : line);
            var (key, value) = Split(logical.ToString());
            values[Unescape(key, source, firstLine)] = Unescape(value, source, firstLine);
        }

        return values;
    }

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) Split(string line)
    {
        var end = 0;
        while (end < line.Length)
        {
            var c = line[end];
            if (c == '\\')
            {
                end += 2;
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            end++;
        }

        end = Math.Min(end, line.Length);
        var key = line[..end];
        var rest = end;
        while (rest < line.Length && line[rest] is ' ' or '\t' or '\f')
        {
            rest++;
        }

        if (rest < line.Length && line[rest] is '=' or ':')
        {
            rest++;
            while (rest < line.Length && line[rest] is ' ' or '\t' or '\f')
            {
                rest++;
            }
        }

        return (key, line[rest..]);
    }

    private static string Unescape(string text, string source, int line)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                result.Append(c);
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 'f': result.Append('\f'); break;
                case 'u':
                    if (text.Length - (i + 1) < 4
                        || !ushort.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        var shown = text.Substring(i - 1, Math.Min(6, text.Length - i + 1));
                        throw new ConfigurationFileException(source, line, $"malformed \\uXXXX escape '{shown}'; expected four hexadecimal digits");
                    }

                    result.Append((char)code);
                    i += 4;
                    break;
                default: result.Append(next); break;
            }
        }

        return result.ToString();
    }
}
