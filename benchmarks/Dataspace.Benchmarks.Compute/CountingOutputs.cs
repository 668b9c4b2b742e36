using System.Collections.Concurrent;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Benchmarks.Compute;

/// <summary>Outputs that count table rows instead of keeping them (a 10M-row intersection must not be held here),
/// and refuse, like the engine, a release kind the policy does not allow.</summary>
internal sealed class CountingOutputs(string self, ReleasePolicy release) : IComputeOutputs
{
    private long _rows;

    public long Rows => Interlocked.Read(ref _rows);

    public ConcurrentDictionary<string, JsonElement> Values { get; } = new();

    public Task WriteValueAsync(string name, string releaseKind, JsonElement value, CancellationToken cancellationToken)
    {
        Check(releaseKind);
        Values[name] = value.Clone();
        return Task.CompletedTask;
    }

    public Task<IComputeTableWriter> OpenTableAsync(string name, string releaseKind, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        Check(releaseKind);
        return Task.FromResult<IComputeTableWriter>(new Writer(this));
    }

    public Task WriteBlobAsync(string name, string releaseKind, string mediaType, Stream content, CancellationToken cancellationToken)
        => throw new NotSupportedException("PSI writes no blobs.");

    private void Check(string releaseKind)
    {
        if (!release.Allows(self, releaseKind)) throw new InvalidOperationException($"'{self}' may not receive '{releaseKind}'.");
    }

    private sealed class Writer(CountingOutputs owner) : IComputeTableWriter
    {
        public ValueTask WriteRowsAsync(IReadOnlyList<string[]> rows, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref owner._rows, rows.Count);
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
