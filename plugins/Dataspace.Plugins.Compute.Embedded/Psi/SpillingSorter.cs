using System.Runtime.InteropServices;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>
/// Sorts any number of tags in bounded memory: a buffer of <c>runCapacity</c> tags is sorted and written to a temporary
/// file when full (a run), and the runs are merged on reading. Memory: 16 bytes × runCapacity, plus 64 KiB per run
/// while merging. With one run only, nothing touches the disk.
/// </summary>
internal sealed class SpillingSorter : IAsyncDisposable
{
    private const int FileBuffer = 1 << 16;
    private readonly string _directory;
    private readonly string _name;
    private readonly MaskedTag[] _buffer;
    private readonly List<string> _runs = [];
    private int _count;

    public SpillingSorter(string directory, string name, int runCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runCapacity, 1);
        _directory = directory;
        _name = name;
        _buffer = new MaskedTag[runCapacity];
    }

    /// <summary>Tags added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Runs written to disk so far.</summary>
    public int SpilledRuns => _runs.Count;

    /// <summary>Adds tags.</summary>
    public async ValueTask AddAsync(ReadOnlyMemory<MaskedTag> tags, CancellationToken cancellationToken)
    {
        while (!tags.IsEmpty)
        {
            var n = Math.Min(tags.Length, _buffer.Length - _count);
            tags.Span[..n].CopyTo(_buffer.AsSpan(_count));
            _count += n;
            Count += n;
            tags = tags[n..];
            if (_count == _buffer.Length) await SpillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends adding and returns every tag in ascending order.</summary>
    public async ValueTask<ISortedTagSource> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_runs.Count == 0)
        {
            _buffer.AsSpan(0, _count).Sort();
            return new MemorySource(_buffer, _count);
        }
        if (_count > 0) await SpillAsync(cancellationToken).ConfigureAwait(false);
        var cursors = new List<RunCursor>(_runs.Count);
        foreach (var path in _runs) cursors.Add(new RunCursor(path));
        return new MergeSource(cursors);
    }

    private async ValueTask SpillAsync(CancellationToken cancellationToken)
    {
        _buffer.AsSpan(0, _count).Sort();
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, $"{_name}-{_runs.Count:D5}.run");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileBuffer, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var chunk = new byte[FileBuffer];
            for (var start = 0; start < _count;)
            {
                var n = Math.Min(_count - start, FileBuffer / MaskedTag.StoredBytes);
                MemoryMarshal.AsBytes(_buffer.AsSpan(start, n)).CopyTo(chunk);
                await file.WriteAsync(chunk.AsMemory(0, n * MaskedTag.StoredBytes), cancellationToken).ConfigureAwait(false);
                start += n;
            }
        }
        _runs.Add(path);
        _count = 0;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        foreach (var path in _runs) TryDelete(path);
        _runs.Clear();
        return ValueTask.CompletedTask;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A run still open by a reader is removed with the run's directory at the end of the task.
        }
    }

    private sealed class MemorySource(MaskedTag[] tags, int count) : ISortedTagSource
    {
        private int _next;

        public MaskedTag Current { get; private set; }

        public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            if (_next >= count) return ValueTask.FromResult(false);
            Current = tags[_next++];
            return ValueTask.FromResult(true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class RunCursor(string path) : IAsyncDisposable
    {
        private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        private readonly byte[] _bytes = new byte[FileBuffer];
        private int _records;
        private int _next;

        public MaskedTag Current { get; private set; }

        public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            if (_next == _records)
            {
                var read = await _file.ReadAtLeastAsync(_bytes, _bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                _records = read / MaskedTag.StoredBytes;
                _next = 0;
                if (_records == 0) return false;
            }
            Current = MemoryMarshal.Read<MaskedTag>(_bytes.AsSpan(_next++ * MaskedTag.StoredBytes, MaskedTag.StoredBytes));
            return true;
        }

        public ValueTask DisposeAsync() => _file.DisposeAsync();
    }

    private sealed class MergeSource(List<RunCursor> cursors) : ISortedTagSource
    {
        private readonly PriorityQueue<RunCursor, MaskedTag> _heap = new(cursors.Count);
        private bool _started;

        public MaskedTag Current { get; private set; }

        public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            if (!_started)
            {
                _started = true;
                foreach (var cursor in cursors)
                    if (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false)) _heap.Enqueue(cursor, cursor.Current);
            }
            if (!_heap.TryDequeue(out var top, out var tag)) return false;
            Current = tag;
            if (await top.MoveNextAsync(cancellationToken).ConfigureAwait(false)) _heap.Enqueue(top, top.Current);
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var cursor in cursors) await cursor.DisposeAsync().ConfigureAwait(false);
        }
    }
}
