using System.Runtime.CompilerServices;
using Dataspace.Sdk.Compute;

namespace Dataspace.Sdk.Testing.Compute;

/// <summary>A table held in memory, or produced row by row by a generator (large synthetic inputs in bounded memory).</summary>
public sealed class InMemoryComputeInput : IComputeInput
{
    private readonly Func<IEnumerable<string[]>> _rows;

    /// <summary>An input over rows held in memory.</summary>
    public InMemoryComputeInput(IReadOnlyList<string> columns, IReadOnlyList<string[]> rows)
        : this(columns, () => rows) { }

    /// <summary>An input whose rows are generated afresh on every read.</summary>
    public InMemoryComputeInput(IReadOnlyList<string> columns, Func<IEnumerable<string[]>> rows)
    {
        Columns = columns;
        _rows = rows;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Columns { get; }

    /// <inheritdoc/>
    public async IAsyncEnumerable<IReadOnlyList<string[]>> ReadBatchesAsync(int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batch = new List<string[]>(batchSize);
        foreach (var row in _rows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Add(row);
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<string[]>(batchSize);
                await Task.Yield();
            }
        }
        if (batch.Count > 0) yield return batch;
    }
}
