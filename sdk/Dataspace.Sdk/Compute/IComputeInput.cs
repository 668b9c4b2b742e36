namespace Dataspace.Sdk.Compute;

/// <summary>A party's tabular input: named columns, rows of text values, read as a stream.</summary>
/// <remarks>May be read more than once (each call starts from the first row). Never loads the whole table.</remarks>
public interface IComputeInput
{
    /// <summary>The column names, in row order.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Reads the rows in batches of at most <paramref name="batchSize"/>.</summary>
    IAsyncEnumerable<IReadOnlyList<string[]>> ReadBatchesAsync(int batchSize, CancellationToken cancellationToken);
}
