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

    /// <summary>How long a push may make no progress (nothing accepted by the destination) before it fails.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a push destination may take to answer once the whole body was sent.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many pushes may run at once in total; more fail at once with a reason.</summary>
    public int MaxConcurrentPushes { get; init; } = 64;

    /// <summary>How many pushes may run at once to one destination host (host and port).</summary>
    public int MaxConcurrentPushesPerHost { get; init; } = 8;

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
            IdleTimeout = ReadDuration(configuration, section, nameof(IdleTimeout), defaults.IdleTimeout, TimeSpan.FromHours(1)),
            ResponseTimeout = ReadDuration(configuration, section, nameof(ResponseTimeout), defaults.ResponseTimeout, TimeSpan.FromHours(1)),
            MaxConcurrentPushes = ReadCount(configuration, section, nameof(MaxConcurrentPushes), defaults.MaxConcurrentPushes),
            MaxConcurrentPushesPerHost = ReadCount(configuration, section, nameof(MaxConcurrentPushesPerHost), defaults.MaxConcurrentPushesPerHost),
        };
    }

    private static int ReadCount(IConfiguration configuration, string section, string key, int fallback)
    {
        var text = configuration[key];
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > 10_000)
        {
            throw new InvalidOperationException($"{section}:{key} '{text}' must be a whole number from 1 to 10000");
        }

        return value;
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
