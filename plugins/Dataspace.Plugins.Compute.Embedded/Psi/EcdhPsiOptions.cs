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
}
