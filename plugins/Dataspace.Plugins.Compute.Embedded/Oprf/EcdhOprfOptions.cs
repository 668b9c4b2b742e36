using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>Settings of <c>psi/ecdh_oprf:1</c>, read from the plugin's configuration section <c>Oprf</c>.</summary>
internal sealed record EcdhOprfOptions
{
    /// <summary>Where the server keeps its OPRF key and the prepared sets; by default a folder in the temp directory.</summary>
    public string CacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "dataspace-ecdh-oprf");

    /// <summary>How many prepared sets the cache keeps; the least recently used go first.</summary>
    public int MaxPreparedSets { get; init; } = 8;

    /// <summary>Reads the settings, failing with the key's name and what was expected.</summary>
    public static EcdhOprfOptions Read(IConfiguration configuration, string section)
    {
        var defaults = new EcdhOprfOptions();
        var directory = configuration[nameof(CacheDirectory)];
        var maxText = configuration[nameof(MaxPreparedSets)];
        var max = defaults.MaxPreparedSets;
        if (maxText is not null && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1 || max > 10_000))
            throw new InvalidOperationException($"{section}:{nameof(MaxPreparedSets)} '{maxText}' must be a whole number from 1 to 10000");
        if (directory is not null && (string.IsNullOrWhiteSpace(directory) || !Path.IsPathFullyQualified(directory)))
            throw new InvalidOperationException($"{section}:{nameof(CacheDirectory)} '{directory}' must be an absolute folder path");
        return new EcdhOprfOptions { CacheDirectory = directory ?? defaults.CacheDirectory, MaxPreparedSets = max };
    }
}
