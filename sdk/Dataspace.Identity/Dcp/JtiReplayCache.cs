namespace Dataspace.Identity.Dcp;

/// <summary>Remembers token ids until their tokens expire, so a token is accepted once.</summary>
/// <remarks>
/// Safe for concurrent use; in-process only (several connector instances each keep their own). Bounded: when it holds its
/// maximum, expired ids are dropped first, then the ids whose tokens expire soonest are forgotten to make room, and the
/// latest expiry forgotten so far becomes a horizon: a token that expires no later than it could be the replay of a
/// forgotten id and is refused (<see cref="JtiUse.Full"/>), while a fresh token (which expires later than any id
/// remembered before it) is accepted. So a flood of tokens can neither grow the cache nor lock members out, and no
/// token is ever accepted twice.
/// </remarks>
public sealed class JtiReplayCache
{
    /// <summary>The default bound on remembered token ids.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    // Every remembered id by the time it may be forgotten; an entry whose id was re-used after expiry is stale and skipped.
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private DateTimeOffset _horizon = DateTimeOffset.MinValue;

    /// <summary>Creates the cache holding at most <paramref name="capacity"/> unexpired token ids.</summary>
    public JtiReplayCache(TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
    }

    /// <summary>The bound on remembered token ids.</summary>
    public int Capacity => _capacity;

    /// <summary>How many token ids are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Records the token id of <paramref name="issuer"/>; false if it was used before (a replay) or may have been.</summary>
    public bool TryUse(string issuer, string jti, DateTimeOffset forgetAfter) => Use(issuer, jti, forgetAfter) == JtiUse.Accepted;

    /// <summary>Records the token id of <paramref name="issuer"/> until <paramref name="forgetAfter"/>, saying whether it was new.</summary>
    public JtiUse Use(string issuer, string jti, DateTimeOffset forgetAfter)
    {
        var now = _time.GetUtcNow();
        var key = issuer + " " + jti;
        lock (_lock)
        {
            DropExpired(now);
            if (_seen.TryGetValue(key, out var existing) && existing > now)
            {
                return JtiUse.Replayed;
            }

            // An id forgotten to make room expired no later than the horizon: a token expiring by then may be its replay.
            if (forgetAfter <= _horizon)
            {
                return JtiUse.Full;
            }

            while (_seen.Count >= _capacity && _byExpiry.TryDequeue(out var oldest, out var expires))
            {
                if (_seen.TryGetValue(oldest, out var current) && current == expires)
                {
                    _seen.Remove(oldest);
                    _horizon = expires > _horizon ? expires : _horizon;
                }
            }

            _seen[key] = forgetAfter;
            _byExpiry.Enqueue(key, forgetAfter);
            return JtiUse.Accepted;
        }
    }

    private void DropExpired(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var key, out var expires) && expires <= now)
        {
            _byExpiry.Dequeue();
            if (_seen.TryGetValue(key, out var current) && current == expires)
            {
                _seen.Remove(key);
            }
        }
    }
}
