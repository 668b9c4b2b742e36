namespace Dataspace.Sdk.Metering;

/// <summary>Usage added up: what a summary reports and what a receipt compares.</summary>
/// <param name="Bytes">Bytes delivered.</param>
/// <param name="Requests">Requests made.</param>
/// <param name="Rows">Rows read or computed on.</param>
/// <param name="Computations">Computation records.</param>
/// <param name="DurationMs">Time spent, in milliseconds (each side measures its own: not compared).</param>
public sealed record UsageTotals(long Bytes, long Requests, long Rows, long Computations, long DurationMs)
{
    /// <summary>No usage.</summary>
    public static UsageTotals Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Whether both sides count the same (bytes, requests, rows, computations; durations differ by nature).</summary>
    public bool SameCountsAs(UsageTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Bytes == other.Bytes && Requests == other.Requests && Rows == other.Rows && Computations == other.Computations;
    }
}
