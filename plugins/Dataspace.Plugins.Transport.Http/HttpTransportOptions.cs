using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Dataspace.Plugins.Transport.Http;

/// <summary>The plugin's settings, read once from its configuration section (<c>Plugins:Http</c>).</summary>
internal sealed record HttpTransportOptions
{
    /// <summary>The path below the connector's public base URL where consumers pull from.</summary>
    public string PublicPath { get; init; } = "/api/public/transfers";

    /// <summary>How long a pull access token is valid.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait for a TCP connection to a backend or a push destination.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads the settings, failing with the key's name and what was expected.</summary>
    public static HttpTransportOptions Read(IConfiguration configuration, string section)
    {
        var defaults = new HttpTransportOptions();
        var path = configuration[nameof(PublicPath)] ?? defaults.PublicPath;
        if (!path.StartsWith('/') || path.Length < 2 || path.EndsWith('/') || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{section}:{nameof(PublicPath)} '{path}' must be an absolute path such as /api/public/transfers, without a trailing slash, query or fragment");
        }

        return new HttpTransportOptions
        {
            PublicPath = path,
            TokenLifetime = ReadDuration(configuration, section, nameof(TokenLifetime), defaults.TokenLifetime, TimeSpan.FromHours(24)),
            ConnectTimeout = ReadDuration(configuration, section, nameof(ConnectTimeout), defaults.ConnectTimeout, TimeSpan.FromMinutes(5)),
        };
    }

    private static TimeSpan ReadDuration(IConfiguration configuration, string section, string key, TimeSpan fallback, TimeSpan max)
    {
        var text = configuration[key];
        if (text is null)
        {
            return fallback;
        }

        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero || value > max)
        {
            throw new InvalidOperationException($"{section}:{key} '{text}' must be a time span (hh:mm:ss) above zero and at most {max}");
        }

        return value;
    }
}
