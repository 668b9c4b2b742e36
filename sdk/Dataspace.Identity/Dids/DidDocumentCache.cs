namespace Dataspace.Identity.Dids;

/// <summary>
/// The resolver's cache: bounded, least recently used first out, expired entries swept as new ones come in. Holds
/// documents and (briefly) failures, so a peer naming endless fresh DIDs cannot grow it without limit.
/// </summary>
internal sealed class DidDocumentCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _capacity;
    private readonly TimeSpan _sweepInterval;
    private DateTimeOffset _nextSweep;

    public DidDocumentCache(int capacity, TimeSpan sweepInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _sweepInterval = sweepInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : sweepInterval;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A fresh entry (now the most recently used), or null; an expired one is dropped.</summary>
    public Entry? Get(string did, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(did, out var node))
            {
                return null;
            }

            if (node.Value.Expires <= now)
            {
                Drop(node);
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value;
        }
    }

    /// <summary>Stores an entry, evicting the least recently used beyond the capacity and, now and then, every expired one.</summary>
    public void Set(Entry entry, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Did, out var existing))
            {
                Drop(existing);
            }

            _entries[entry.Did] = _recency.AddFirst(entry);
            while (_entries.Count > _capacity)
            {
                Drop(_recency.Last!);
            }

            if (now >= _nextSweep)
            {
                _nextSweep = now + _sweepInterval;
                for (var node = _recency.First; node is not null;)
                {
                    var next = node.Next;
                    if (node.Value.Expires <= now)
                    {
                        Drop(node);
                    }

                    node = next;
                }
            }
        }
    }

    public void Remove(string did)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(did, out var node))
            {
                Drop(node);
            }
        }
    }

    private void Drop(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Did);
    }

    /// <summary>A cached outcome: a document, or a failure kept only for the short failure time-to-live.</summary>
    internal sealed record Entry(string Did, DidResolutionOutcome Outcome, DateTimeOffset Expires, DateTimeOffset Fetched);
}
