using System.Collections.Concurrent;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Sdk.Testing.Compute;

/// <summary>Keeps a party's outputs in memory and refuses, like the engine, a release kind the policy does not allow.</summary>
public sealed class MemoryComputeOutputs(string self, ReleasePolicy release) : IComputeOutputs
{
    /// <summary>Values written, by name.</summary>
    public ConcurrentDictionary<string, (string Kind, JsonElement Value)> Values { get; } = new();

    /// <summary>Completed tables, by name.</summary>
    public ConcurrentDictionary<string, (string Kind, IReadOnlyList<string> Columns, List<string[]> Rows)> Tables { get; } = new();

    /// <summary>Blobs written, by name.</summary>
    public ConcurrentDictionary<string, (string Kind, string MediaType, byte[] Content)> Blobs { get; } = new();

    /// <inheritdoc/>
    public Task WriteValueAsync(string name, string releaseKind, JsonElement value, CancellationToken cancellationToken)
    {
        Check(releaseKind);
        Values[name] = (releaseKind, value.Clone());
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IComputeTableWriter> OpenTableAsync(string name, string releaseKind, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        Check(releaseKind);
        return Task.FromResult<IComputeTableWriter>(new Writer(this, name, releaseKind, columns));
    }

    /// <inheritdoc/>
    public async Task WriteBlobAsync(string name, string releaseKind, string mediaType, Stream content, CancellationToken cancellationToken)
    {
        Check(releaseKind);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        Blobs[name] = (releaseKind, mediaType, buffer.ToArray());
    }

    private void Check(string releaseKind)
    {
        if (!release.Allows(self, releaseKind))
            throw new InvalidOperationException($"The agreement does not allow '{self}' to receive a '{releaseKind}' output.");
    }

    private sealed class Writer(MemoryComputeOutputs owner, string name, string kind, IReadOnlyList<string> columns) : IComputeTableWriter
    {
        private readonly List<string[]> _rows = [];

        public ValueTask WriteRowsAsync(IReadOnlyList<string[]> rows, CancellationToken cancellationToken)
        {
            foreach (var row in rows)
            {
                if (row.Length != columns.Count) throw new ArgumentException($"A row of {row.Length} values for {columns.Count} columns.", nameof(rows));
                _rows.Add(row);
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            owner.Tables[name] = (kind, columns, _rows);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
