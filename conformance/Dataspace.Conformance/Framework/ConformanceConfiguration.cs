using System.Globalization;

namespace Dataspace.Conformance;

/// <summary>
/// The run's configuration: flat keys, the official DSP TCK's where it has them (<c>dataspacetck.dsp.connector.http.url</c>,
/// <c>dataspacetck.dsp.connector.negotiation.initiate.url</c>, fixture ids such as <c>CN_01_01_DATASETID</c>, ...), so a
/// target's TCK properties file works unchanged; the suite's own keys start with <c>conformance.</c>.
/// Read from a Java properties file or from a flat JSON object.
/// </summary>
public sealed class ConformanceConfiguration
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates a configuration from key/value pairs.</summary>
    public ConformanceConfiguration(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values) _values[key] = value;
    }

    /// <summary>Every key and value.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The value of a key, or null.</summary>
    public string? Find(string key) => _values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>The value of a key; a missing key throws a <see cref="ConformanceConfigurationException"/> naming it (the check ends as an error, not a failure).</summary>
    public string Get(string key) =>
        Find(key) ?? throw new ConformanceConfigurationException($"configuration key '{key}' is required for this check but is not set");

    /// <summary>An absolute http(s) URL; a missing or malformed value throws naming the key.</summary>
    public Uri GetUrl(string key)
    {
        var value = Get(key);
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ConformanceConfigurationException($"configuration key '{key}' must be an absolute http(s) URL, not '{value}'");
    }

    /// <summary>A boolean with a default.</summary>
    public bool GetBool(string key, bool fallback) =>
        Find(key) is { } value ? bool.TryParse(value, out var parsed) ? parsed
            : throw new ConformanceConfigurationException($"configuration key '{key}' must be true or false, not '{value}'") : fallback;

    /// <summary>An integer with a default.</summary>
    public int GetInt(string key, int fallback) =>
        Find(key) is { } value ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw new ConformanceConfigurationException($"configuration key '{key}' must be an integer, not '{value}'") : fallback;

    /// <summary>A copy with some keys set or replaced.</summary>
    public ConformanceConfiguration With(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return new ConformanceConfiguration(_values.Concat(overrides).GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.Last()));
    }
}
