using System.Text;

namespace Dataspace.Conformance.Configuration;

/// <summary>
/// Loads a <see cref="ConformanceConfiguration"/> from a file: a Java properties file (the official TCK's format, so a
/// target's TCK configuration works unchanged) or a flat JSON object. <c>.json</c> files are JSON, <c>.properties</c>
/// files are properties, and any other file is JSON when its first non-blank character is <c>{</c>.
/// </summary>
public static class ConformanceConfigurationFile
{
    /// <summary>The largest configuration file read; a bigger one is a mistake, not a configuration.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigurationFileException">The file is missing, too large or malformed (naming the line).</exception>
    public static async Task<ConformanceConfiguration> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ConfigurationFileException($"configuration file {file.FullName} does not exist");
        }

        if (file.Length > MaxBytes)
        {
            throw new ConfigurationFileException($"configuration file {file.FullName} is {file.Length} bytes; at most {MaxBytes} are read");
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        return new ConformanceConfiguration(Parse(bytes, file.Name));
    }

    /// <summary>Reads configuration text; <paramref name="source"/> (a file name) decides the format as described above and names errors.</summary>
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> content, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (content.StartsWith(Encoding.UTF8.Preamble))
        {
            content = content[Encoding.UTF8.Preamble.Length..];
        }

        if (IsJson(content, source))
        {
            return FlatJsonFormat.Parse(content, source);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            // Java 9+ reads properties as UTF-8 and falls back to ISO-8859-1, the format's historical encoding.
            text = Encoding.Latin1.GetString(content);
        }

        return PropertiesFormat.Parse(text, source);
    }

    private static bool IsJson(ReadOnlySpan<byte> content, string source)
    {
        if (source.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (source.EndsWith(".properties", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var trimmed = content.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }
}
