using System.Runtime.CompilerServices;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>
/// Holds a party's masked items (with any payload) until all are masked, then gives them back ordered by their masked
/// value: a uniformly random order, independent of the input's, so the positions at which the peer finds matches say
/// nothing about the rows. Items go to a temporary file; only their 16-byte sort tags are sorted (spilling as needed).
/// </summary>
internal sealed class OwnItemShuffler : IAsyncDisposable
{
    private readonly int _width;
    private readonly SpillingSorter _order;
    private readonly FileStream _records;
    private MaskedTag[] _tags = [];
    private long _count;

    public OwnItemShuffler(string directory, int width, int runCapacity)
    {
        _width = width;
        _order = new SpillingSorter(directory, "own", runCapacity);
        Directory.CreateDirectory(directory);
        _records = new FileStream(Path.Combine(directory, "own-items.bin"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }

    /// <summary>Adds <paramref name="count"/> items of the shuffler's width.</summary>
    public async ValueTask AddAsync(ReadOnlyMemory<byte> items, int count, CancellationToken cancellationToken)
    {
        if (_tags.Length < count) _tags = new MaskedTag[count];
        for (var i = 0; i < count; i++) _tags[i] = MaskedTag.Read(items.Span.Slice(i * _width, MaskedTag.WireBytes), checked((uint)(_count + i)));
        await _order.AddAsync(_tags.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        await _records.WriteAsync(items[..(count * _width)], cancellationToken).ConfigureAwait(false);
        _count += count;
    }

    /// <summary>The items in shuffled order, packed <paramref name="limit"/> to a chunk (the last may be shorter).</summary>
    public async IAsyncEnumerable<(ReadOnlyMemory<byte> Items, int Count)> ReadShuffledAsync(int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _records.FlushAsync(cancellationToken).ConfigureAwait(false);
        var sorted = await _order.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await using (sorted.ConfigureAwait(false))
        {
            var buffer = new byte[limit * _width];
            var n = 0;
            while (await sorted.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            {
                var read = await RandomAccess.ReadAsync(_records.SafeFileHandle, buffer.AsMemory(n * _width, _width), (long)sorted.Current.Index * _width, cancellationToken).ConfigureAwait(false);
                if (read != _width) throw new IOException("A masked item could not be read back from its temporary file.");
                if (++n < limit) continue;
                yield return (buffer, n);
                n = 0;
            }
            if (n > 0) yield return (buffer.AsMemory(0, n * _width), n);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _order.DisposeAsync().ConfigureAwait(false);
        await _records.DisposeAsync().ConfigureAwait(false);
    }
}
