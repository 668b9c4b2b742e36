namespace Dataspace.Sdk.Compute;

/// <summary>How one party's run of a task ended.</summary>
public sealed record ComponentResult
{
    /// <summary>Whether the run succeeded.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Why it failed, said so that every party may read it (no data in it).</summary>
    public string? Reason { get; init; }

    /// <summary>Rows of this party's input the run processed (for metering).</summary>
    public long RowsProcessed { get; init; }

    /// <summary>Other figures the run reports, e.g. <c>intersection_size</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>A successful run.</summary>
    public static ComponentResult Success(long rowsProcessed, IReadOnlyDictionary<string, double>? metrics = null)
        => new() { Succeeded = true, RowsProcessed = rowsProcessed, Metrics = metrics ?? new Dictionary<string, double>() };

    /// <summary>A failed run with its reason.</summary>
    public static ComponentResult Failure(string reason) => new() { Succeeded = false, Reason = reason };
}
