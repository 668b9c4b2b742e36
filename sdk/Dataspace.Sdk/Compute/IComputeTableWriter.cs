namespace Dataspace.Sdk.Compute;

/// <summary>Streams the rows of one table output.</summary>
public interface IComputeTableWriter : IAsyncDisposable
{
    /// <summary>Appends rows, each with one value per column.</summary>
    ValueTask WriteRowsAsync(IReadOnlyList<string[]> rows, CancellationToken cancellationToken);

    /// <summary>Marks the table complete; a table not completed is discarded.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
