using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>Host-side settings of <c>psi/ecdh:1</c> (not task attributes: they change speed and memory, never results).</summary>
internal sealed record EcdhPsiOptions
{
    /// <summary>Where sorted runs are spilled; a fresh folder per task is made under it. Default: the temp folder.</summary>
    public string? SpillDirectory { get; init; }

    /// <summary>Tags (16 bytes each) sorted in memory before a run is spilled: the memory bound of the merge.</summary>
    public int RunCapacity { get; init; } = 1 << 20;

    /// <summary>Threads used for scalar multiplications by one party. Default: every core.</summary>
    public int DegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Reads <c>SpillDirectory</c>, <c>RunCapacity</c> and <c>DegreeOfParallelism</c> from the plugin's <c>Psi</c>
    /// section (<c>Plugins:ComputeEmbedded:Psi</c>); a bad value fails start-up with the key's name.
    /// </summary>
    public static EcdhPsiOptions FromConfiguration(IConfiguration section)
    {
        var options = new EcdhPsiOptions();
        if (section["SpillDirectory"] is { Length: > 0 } spill) options = options with { SpillDirectory = spill };
        if (section["RunCapacity"] is { } run)
            options = options with { RunCapacity = Positive(run, "Plugins:ComputeEmbedded:Psi:RunCapacity", 1 << 26) };
        if (section["DegreeOfParallelism"] is { } degree)
            options = options with { DegreeOfParallelism = Positive(degree, "Plugins:ComputeEmbedded:Psi:DegreeOfParallelism", 1024) };
        return options;
    }

    private static int Positive(string text, string key, int max)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max
            ? value
            : throw new InvalidOperationException($"The setting '{key}' is '{text}'; expected a whole number from 1 to {max}.");
}
