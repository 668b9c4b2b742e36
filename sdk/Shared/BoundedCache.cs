namespace Dataspace.Internal;

/// <summary>
/// A cache keyed by strings a peer chooses (callers, URLs): bounded, least recently used first out, expired entries swept
/// now and then as new ones come in, so endless fresh keys cannot grow it without limit.
/// </summary>
/// <remarks>Compiled into each assembly that needs it (linked source), so it stays internal. Safe for concurrent use (one lock; every operation is O(1) except the periodic sweep).</remarks>
internal sealed class BoundedCache<TValue>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _capacity;
    private readonly TimeSpan _sweepInterval;
    private DateTimeOffset _nextSweep;

    public BoundedCache(int capacity, TimeSpan sweepInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _sweepInterval = sweepInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : sweepInterval;
    }

    public int Capacity => _capacity;

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

    /// <summary>The fresh value (now the most recently used); an expired entry is dropped.</summary>
    public bool TryGet(string key, DateTimeOffset now, out TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.Expires > now)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }

                Drop(node);
            }

            value = default!;
            return false;
        }
    }

    /// <summary>The fresh value for the key, or the one <paramref name="create"/> makes, stored until <paramref name="expires"/> (one winner when called concurrently).</summary>
    public TValue GetOrAdd(string key, Func<string, TValue> create, DateTimeOffset expires, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_lock)
        {
            if (TryGet(key, now, out var value))
            {
                return value;
            }

            value = create(key);
            Set(key, value, expires, now);
            return value;
        }
    }

    /// <summary>Stores a value until <paramref name="expires"/>, evicting the least recently used beyond the capacity.</summary>
    public void Set(string key, TValue value, DateTimeOffset expires, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                Drop(existing);
            }

            SweepIfDue(now);
            _entries[key] = _recency.AddFirst(new Entry(key, value, expires));
            while (_entries.Count > _capacity)
            {
                Drop(_recency.Last!);
            }
        }
    }

    public void Remove(string key)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                Drop(node);
            }
        }
    }

    /// <summary>Removes every entry whose key matches.</summary>
    public void RemoveWhere(Func<string, bool> match)
    {
        lock (_lock)
        {
            for (var node = _recency.First; node is not null;)
            {
                var next = node.Next;
                if (match(node.Value.Key))
                {
                    Drop(node);
                }

                node = next;
            }
        }
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = DateTimeOffset.MaxValue - now > _sweepInterval ? now + _sweepInterval : DateTimeOffset.MaxValue;
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

    private void Drop(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    private sealed record Entry(string Key, TValue Value, DateTimeOffset Expires);
}
